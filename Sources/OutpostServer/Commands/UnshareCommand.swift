import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `unshare`: ends `member`'s team membership of a lead or customer (R-8.1 b, R-8.3: the
/// record leaves their replica once their pending edits are answered). The owner, anyone
/// with `record.manage_others`, or the member leaving it themselves. Audited.
struct UnshareCommand: CommandHandler {
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: command.entity, id: command.rowID)
        let subject = try context.subject(expecting: "lead", "customer")
        let member = try context.argument("member")
        if subject.values[FieldName("owner_id")]?.textValue != context.actor.rawValue, member != context.actor.rawValue {
            try context.require(CommandPermission.manageOthers, to: "end a team membership of a \(command.entity) you do not own")
        }
        if let share = RecordShares.active(of: member, on: key, in: &context.workspace) {
            RecordShares.end(share.id, status: "revoked", in: &context.workspace, author: context.actor)
        }
        RecordShares.withdraw(member, on: key, author: context.actor, in: &context.workspace)
        context.audit("unshare", entity: command.entity, ids: [command.rowID], before: .text(member), reason: command.arguments["reason"]?.textValue)
        return .applied
    }
}
