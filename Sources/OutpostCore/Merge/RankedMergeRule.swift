/// A merge rule that ranks values and lets the higher rank win whatever the clocks
/// (`forwardOnly`, `precedence`, `trueWins`). Whoever folds several records into one (the
/// server's merge command, R-2.4) keeps the highest-ranked value, as a concurrent write would.
public protocol RankedMergeRule: MergeRule {
    /// The rank of `value`; ranks compare lexicographically and the higher one wins.
    func rank(of value: FieldValue) -> [Int64]
}

extension RankedMergeRule {
    /// Whether `value` ranks strictly above `other` under this rule.
    public func ranks(_ value: FieldValue, above other: FieldValue) -> Bool {
        rank(of: other).lexicographicallyPrecedes(rank(of: value))
    }
}
