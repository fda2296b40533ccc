/// Owner, pool status, duplicate links: facts that only the server may change, because they
/// hang on global rules (claim limits, cooldowns, capacity). A client write is refused with
/// `change.server_owned_field`; the server writes the field when it executes a command.
public struct ServerOwned: MergeRule {
    public let name = "serverOwned"

    /// Creates the rule.
    public init() {}

    public func resolve(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?) -> MergeDecision {
        .reject(.serverOwnedField)
    }
}
