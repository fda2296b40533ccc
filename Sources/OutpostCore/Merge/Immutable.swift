/// Set once, at creation; a later write of the same value is a harmless repeat, a different
/// value is refused with `change.immutable_field`.
public struct Immutable: MergeRule {
    public let name = "immutable"

    /// Creates the rule.
    public init() {}

    public func resolve(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?) -> MergeDecision {
        guard let current else { return .takeIncoming(concurrentLoser: nil) }
        return current.value == incoming.value ? .alreadyApplied : .reject(.immutableField)
    }
}
