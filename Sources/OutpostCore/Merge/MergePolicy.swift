/// The merge policy a schema declares for a field: a named `MergeRule`.
///
/// ```swift
/// FieldSchema(name: "mobile", type: .text(maximumLength: 32), policy: .lastWriterWins)
/// ```
public struct MergePolicy: Sendable, CustomStringConvertible {
    /// The rule that decides.
    public let rule: any MergeRule

    /// Wraps a rule.
    public init(_ rule: any MergeRule) { self.rule = rule }

    /// The rule's stable name.
    public var name: String { rule.name }
    public var description: String { rule.name }

    /// Highest clock wins (the default policy).
    public static var lastWriterWins: MergePolicy { MergePolicy(LastWriterWins()) }
    /// Set once when the row is created; a different later value is refused.
    public static var immutable: MergePolicy { MergePolicy(Immutable()) }
    /// Fields of append-only rows (follow-ups, check-ins, audit entries): written once, never in conflict.
    public static var appendOnly: MergePolicy { MergePolicy(AppendOnly()) }
}
