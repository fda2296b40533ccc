/// Fields of append-only rows (follow-ups, check-ins, audit entries). The row is a fact
/// with a client-generated UUIDv7 id: written once, never edited, never in conflict.
/// It decides exactly like `Immutable`; the separate name keeps the schema's intent visible
/// in fingerprints and conflict records.
public struct AppendOnly: MergeRule {
    public let name = "appendOnly"

    /// Creates the rule.
    public init() {}

    public func resolve(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?) -> MergeDecision {
        Immutable().resolve(current: current, incoming: incoming, base: base)
    }
}
