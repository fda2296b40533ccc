/// `true` beats `false` whatever the clocks: a parent's "do not call me again" must not be
/// silently reverted by a stale laptop (DOMAIN C20). Only an audited command clears it.
public struct TrueWins: RankedMergeRule {
    public let name = "trueWins"

    /// Creates the rule.
    public init() {}

    public func resolve(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?) -> MergeDecision {
        resolveByRank(current: current, incoming: incoming, base: base, rank: rank(of:))
    }

    /// 1 for `true`, 0 for anything else (an absent value reads false).
    public func rank(of value: FieldValue) -> [Int64] { [value.boolValue == true ? 1 : 0] }
}
