import OutpostCore
import OutpostDomain
import OutpostProtocol

/// A converted lead is read-only: its data lives on in the customer, and the lead
/// stays as the conversion trail. The server refuses a client's write to it (an edit, a
/// delete, a tag) and every command that names it (a claim, release, transfer, share, merge,
/// …), with `lead.already_converted`; what the server writes itself (derived fields,
/// conversion links) does not pass through here.
enum ConvertedLeads {
    /// The refusal of a client write to the row `key`, when it is a converted lead.
    static func refusal(ofWritingTo key: RowKey, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        guard key.entity == .lead, let row = workspace.row(key) else { return nil }
        return refusal(of: row.values)
    }

    /// The refusal of `command` when its subject is a converted lead. A second `convert` is
    /// left to `ConvertCommand`, which answers it with the alias map. A claim skips the scope
    /// check (`WritePermission`: the pool decides), so a converted lead outside the public
    /// pool that is not the actor's is left to the claim's own answer (`pool.already_claimed`):
    /// the refusal names the customer, which someone outside the lead's scope must not learn.
    static func refusal(of command: PushCommand, by actor: UserID, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        guard command.entity == .lead, command.name != .convert,
              let lead = workspace.row(RowKey(entity: .lead, id: command.rowID)) else { return nil }
        if command.name == .claim, lead.values[FieldName("pool_state")]?.textValue != "public",
           lead.values[FieldName("owner_id")]?.textValue != actor.rawValue {
            return nil
        }
        return refusal(of: lead.values)
    }

    /// The refusal of a change to the lead holding `values`, when it was converted.
    static func refusal(of values: [FieldName: FieldValue]) -> CommandRefusal? {
        guard OutpostSchema.Lead.isConverted(values) else { return nil }
        return CommandRefusal(code: OutpostSchema.Lead.alreadyConvertedCode, message: OutpostSchema.Lead.readOnlyMessage(values))
    }
}
