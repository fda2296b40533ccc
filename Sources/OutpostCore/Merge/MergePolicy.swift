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
    /// Ordered stages only move forward within a reopen epoch; a reopen bumps the epoch.
    public static func forwardOnly(_ stages: [String]) -> MergePolicy { MergePolicy(ForwardOnly(stages: stages)) }
    /// The value ranked higher in `order` wins whatever the clocks (appointment status, outcome).
    public static func precedence(_ order: [String]) -> MergePolicy { MergePolicy(PrecedenceLattice(order: order)) }
    /// `true` wins over `false` whatever the clocks (consent such as `do_not_contact`).
    public static var trueWins: MergePolicy { MergePolicy(TrueWins()) }
    /// An observed-remove tag set: concurrent adds and removes of a tag keep it.
    public static var addWinsSet: MergePolicy { MergePolicy(AddWinsSet()) }
    /// Clients cannot write it; the server sets it when it executes a command.
    public static var serverOwned: MergePolicy { MergePolicy(ServerOwned()) }
}
