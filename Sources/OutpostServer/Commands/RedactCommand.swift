import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `redact`: the only way to hide what a follow-up says (DOMAIN §1.8 `redacted`, §2.9: branch
/// managers and head office), for a personal-data complaint. The record stays, with its
/// author, method and times; its content is replaced and its attachments dropped, on the
/// server and on every replica at its next pull. Audited with the reason, never the content
///
struct RedactCommand: CommandHandler {
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: .followUp, id: command.rowID)
        let followUp = try context.subject(expecting: "follow_up")
        try context.require(CommandPermission.redactFollowUp, to: "redact a follow-up")
        let reason = try context.argument("reason")
        guard followUp.values[FieldName("redacted")]?.boolValue != true else {
            return CommandOutcome(note: "This follow-up was already redacted: nothing changed.")
        }
        context.workspace.serverWrite(key, ["redacted": .bool(true), "content": .text(OutpostSchema.FollowUp.redactedContent), "attachment_refs": .null],
                                      author: context.actor)
        context.audit("redact", entity: .followUp, ids: [key.id], before: .object(["redacted": .bool(false)]),
                      after: .object(["redacted": .bool(true)]), reason: reason)
        return .applied
    }
}
