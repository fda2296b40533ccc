/// Highest hybrid-logical-clock wins. A concurrent loser goes to the conflict log.
///
/// The winner depends only on the two clocks, so any delivery order converges; `base` only
/// tells a conflict (concurrent writes) from a plain overwrite (the writer had seen current).
public struct LastWriterWins: MergeRule {
    public let name = "lastWriterWins"

    /// Creates the rule.
    public init() {}

    public func resolve(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?) -> MergeDecision {
        guard let current else { return .takeIncoming(concurrentLoser: nil) }
        if incoming.clock == current.clock { return .alreadyApplied }
        guard incoming.clock > current.clock else { return .keepCurrent }
        // Equal values written concurrently lost nothing: no conflict record (DOMAIN C1 variant b).
        let concurrent = areConcurrent(current: current, incoming: incoming, base: base) && current.value != incoming.value
        return .takeIncoming(concurrentLoser: concurrent ? current : nil)
    }
}
