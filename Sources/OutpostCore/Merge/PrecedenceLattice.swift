/// A fixed precedence between words: the value ranked higher in `order` wins whatever the
/// clocks; equal values fall back to last-writer-wins. An appointment's `cancelled` must not be
/// resurrected by a late `confirmed`; an opportunity's `won` (backed by a payment) beats
/// `lost` (DOMAIN §3.3). A concurrent loser goes to the conflict log.
public struct PrecedenceLattice: RankedMergeRule {
    public let name = "precedence"
    /// The words from lowest to highest precedence.
    public let order: [String]

    /// Creates the rule for `order`, lowest precedence first.
    public init(order: [String]) { self.order = order }

    public func resolve(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?) -> MergeDecision {
        resolveByRank(current: current, incoming: incoming, base: base, rank: rank(of:))
    }

    /// The word's position in `order`; -1 for any other value.
    public func rank(of value: FieldValue) -> [Int64] {
        [Int64(value.textValue.flatMap { order.firstIndex(of: $0) } ?? -1)]
    }
}
