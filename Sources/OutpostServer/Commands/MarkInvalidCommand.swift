import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `mark_invalid`: a lead is bad data (伪线索: a wrong number, not a prospect; ). The
/// owner or a manager may say so, with a reason; the status becomes `invalid`, above every
/// working status, so a stale offline "contacting" cannot bring it back. Audited. A converted
/// lead is refused before this runs (`ConvertedLeads`).
struct MarkInvalidCommand: CommandHandler {
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: .lead, id: command.rowID)
        let lead = try context.subject(expecting: "lead")
        guard lead.values[FieldName("owner_id")]?.textValue == context.actor.rawValue || context.actorMay(CommandPermission.manageOthers) else {
            throw CommandRefusal(code: "permission.not_owner", message: "Only the lead's owner (or a manager) may mark it invalid.")
        }
        let current = lead.values[FieldName("status")]
        let reason = try context.argument("reason")
        let epoch = current.flatMap(StageValue.init)?.epoch ?? 0
        context.workspace.commandWrite(key, ["status": context.workspace.value("invalid", for: .lead, field: "status", epoch: epoch)],
                                       author: context.actor)
        context.audit("mark_invalid", entity: .lead, ids: [key.id], before: .object(["status": current ?? .null]),
                      after: .object(["status": context.workspace.row(key)?.values[FieldName("status")] ?? .null]), reason: reason)
        return .applied
    }
}
