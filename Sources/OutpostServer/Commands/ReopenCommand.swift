import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `reopen`: moves an opportunity back to an earlier stage. It raises the reopen
/// epoch, so the reopened stage beats every stage written before it, however late those
/// writes arrive; the outcome returns to open and the lost reason is cleared, and neither an
/// outcome nor a lost reason written before the reopen (a stale `lost`, its reason) beats
/// that any more (`StaleOutcome`). Team lead and above; audited.
struct ReopenCommand: CommandHandler {
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: .opportunity, id: command.rowID)
        let opportunity = try context.subject(expecting: "opportunity")
        try context.require(CommandPermission.reopen, to: "reopen an opportunity")
        let target = try context.argument("to_stage")
        guard case .stage(let stages) = context.workspace.schema.entity(.opportunity)?.field(FieldName("stage"))?.type,
              stages.contains(target), target != stages.last else {
            throw CommandRefusal(code: "command.invalid_argument", message: "'to_stage' must be an open stage of an opportunity.")
        }
        let current = StageValue(opportunity.values[FieldName("stage")] ?? .null)
        let epoch = max(current?.epoch ?? 0, opportunity.values[FieldName("reopen_epoch")]?.integerValue ?? 0) + 1
        // Above every clock of the row: a write the server held before the reopen is older
        // than the reopen, whatever its laptop's clock read (`StaleOutcome`).
        context.workspace.serverRestamp(key, StaleOutcome.reopenEpoch, .integer(epoch), author: context.actor)
        context.workspace.serverWrite(key, ["stage_changed_at": .integer(context.now)], author: context.actor)
        // Outcome open, and no lost reason: an open opportunity was not lost. Stamped
        // after the epoch, even when already so: an outcome or a lost reason written before the
        // reopen then cannot beat it (`StaleOutcome`, DOMAIN §5 notes).
        for (field, value) in StaleOutcome.reopenedValues {
            context.workspace.serverRestamp(key, field, value, author: context.actor)
        }
        context.workspace.commandWrite(key, ["stage": StageValue(epoch: epoch, stage: target).fieldValue], author: context.actor)
        StageHistory.record(opportunity: key, from: current?.stage, to: target, epoch: epoch, clock: context.clock,
                            author: context.actor, accepted: true, in: &context.workspace)
        context.audit("reopen", entity: .opportunity, ids: [key.id], before: .object(["stage": current.map { .text($0.stage) } ?? .null]),
                      after: .object(["stage": .text(target)]), reason: command.arguments["reason"]?.textValue)
        return .applied
    }
}
