import OutpostCore

/// A won opportunity has no lost reason: asks one of a lost opportunity only, and a
/// concurrent `lost` that `won` beat (the outcome's precedence) must not leave its reason on
/// the won deal. The reason is cleared by the server, and the cleared value goes to the
/// conflict log, where its author finds it (invariant 2).
enum WonOpportunities {
    /// Clears the lost reason of each won opportunity among `keys`.
    static func clearLostReasons(of keys: some Sequence<RowKey>, in workspace: inout PlanWorkspace) {
        for key in keys where key.entity == .opportunity {
            guard let row = workspace.row(key), row.values[FieldName("outcome")]?.textValue == "won",
                  (row.values[FieldName("lost_reason")] ?? .null) != .null else { continue }
            workspace.commandWrite(key, ["lost_reason": .null], author: PlanWorkspace.system)
        }
    }
}
