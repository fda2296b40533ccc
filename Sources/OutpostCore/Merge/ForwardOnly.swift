/// Ordered stages (an opportunity's 初步沟通 → 商务洽谈 → 确定意向 → 成单) only move forward:
/// the write with the higher `(epoch, stage)` wins whatever the clocks, so a stale offline
/// write cannot drag a stage back. Going back is a reopen command, which bumps the epoch;
/// every write carries the epoch its writer saw (`StageValue`). Equal ranks fall back to
/// last-writer-wins, and a concurrent loser goes to the conflict log (DOMAIN §3.1, C8).
public struct ForwardOnly: RankedMergeRule {
    public let name = "forwardOnly"
    /// The stages in forward order.
    public let stages: [String]

    /// Creates the rule for `stages` in forward order.
    public init(stages: [String]) { self.stages = stages }

    public func resolve(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?) -> MergeDecision {
        resolveByRank(current: current, incoming: incoming, base: base, rank: rank(of:))
    }

    /// `[epoch, position of the stage]`; `[-1, -1]` for a value that is not a stage.
    public func rank(of value: FieldValue) -> [Int64] {
        guard let stage = StageValue(value) else { return [-1, -1] }
        return [stage.epoch, Int64(stages.firstIndex(of: stage.stage) ?? -1)]
    }
}
