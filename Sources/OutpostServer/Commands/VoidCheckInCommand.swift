import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `void_checkin`: the one way to take back a check-in (DOMAIN §1.10, §2.9: branch managers
/// and head office, WK `deleteOutworkSign`). The evidence is kept, stamped `voided_at`, and
/// counts for nothing any more (a voided arrival keeps no subject from reclaim); audited with
/// the reason.
struct VoidCheckInCommand: CommandHandler {
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: .checkIn, id: command.rowID)
        let checkIn = try context.subject(expecting: "check_in")
        try context.require(CommandPermission.voidCheckIn, to: "void a check-in")
        let reason = try context.argument("reason")
        if let voided = checkIn.values[FieldName("voided_at")]?.integerValue {
            return CommandOutcome(note: "This check-in was already voided at \(MessageTime.utc(voided)): nothing changed.")
        }
        context.workspace.serverWrite(key, ["voided_at": .integer(context.now)], author: context.actor)
        context.audit("void_checkin", entity: .checkIn, ids: [key.id], reason: reason)
        return .applied
    }
}
