import OutpostCore
import OutpostProtocol

/// `transfer` (assign): a team lead or manager gives a lead or customer to another active
/// salesperson. Written as an ownership event and an audit entry.
struct TransferCommand: CommandHandler {
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: command.entity, id: command.rowID)
        let subject = try context.subject(expecting: "lead", "customer", "opportunity")
        try context.require(CommandPermission.transfer, to: "transfer a \(command.entity)")
        let target = try context.argument("to_user")
        guard let user = context.workspace.row(RowKey(entity: .user, id: RowID(target))) else {
            throw CommandRefusal(code: "user.not_found", message: "There is no user '\(target)'.")
        }
        guard user.values[FieldName("status")]?.textValue != "disabled" else {
            throw CommandRefusal(code: "user.disabled", message: "User '\(target)' is disabled and cannot own records.")
        }
        let owner = subject.values[FieldName("owner_id")] ?? .null
        if owner.textValue == target { return .applied }
        context.workspace.serverWrite(key, [
            "owner_id": .text(target), "previous_owner_id": owner, "pool_state": .text("private"), "pool_id": .null,
            "received_at": .integer(context.now),
        ], author: context.actor)
        context.ownershipEvent("transfer", subject: key, from: owner, to: .text(target), reason: command.arguments["reason"]?.textValue)
        context.audit("transfer", entity: command.entity, ids: [command.rowID], before: owner, after: .text(target))
        return .applied
    }
}
