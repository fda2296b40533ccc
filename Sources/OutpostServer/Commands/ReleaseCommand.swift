import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `release`: the owner gives a lead or customer back to the branch's public pool (R-6.4
/// effects, by hand). The owner is remembered for the previous-owner cooldown; a
/// locked customer loses its lock, which kept it for that owner.
struct ReleaseCommand: CommandHandler {
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: command.entity, id: command.rowID)
        let subject = try context.subject(expecting: "lead", "customer")
        let owner = subject.values[FieldName("owner_id")] ?? .null
        guard owner.textValue == context.actor.rawValue || context.actorMay(CommandPermission.manageOthers) else {
            throw CommandRefusal(code: "permission.not_owner", message: "Only the owner (or their manager) may release this \(command.entity).")
        }
        var poolID = command.arguments["pool_id"] ?? .null
        if poolID == .null, let branch = subject.values[FieldName("branch_id")], branch != .null {
            poolID = context.workspace.rows(.pool, where: FieldName("branch_id"), equals: branch).first.map { .text($0.id.rawValue) } ?? .null
        }
        var released: [String: FieldValue] = [
            "owner_id": .null, "previous_owner_id": owner, "pool_state": .text("public"), "pool_id": poolID,
            "pool_entered_at": .integer(context.now),
        ]
        // A lock keeps a customer for its owner; in the pool it has none.
        if subject.values[FieldName("locked")]?.boolValue == true { released["locked"] = .bool(false) }
        context.workspace.serverWrite(key, released, author: context.actor)
        RecordShares.endAll(on: key, author: context.actor, in: &context.workspace)
        context.ownershipEvent("release", subject: key, from: owner, to: .null, poolID: poolID,
                               reason: command.arguments["reason"]?.textValue)
        context.audit("release", entity: command.entity, ids: [command.rowID], before: .object(["owner_id": owner]),
                      after: .object(["owner_id": .null]), reason: command.arguments["reason"]?.textValue)
        return .applied
    }
}
