import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `clear_do_not_contact`: the one way back from `do_not_contact = true`, which no field
/// write can undo (true wins, DOMAIN §3.3). The contact's owner or a manager may clear it;
/// it is audited with the reason.
struct ClearDoNotContactCommand: CommandHandler {
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: .contact, id: command.rowID)
        let contact = try context.subject(expecting: "contact")
        var owner = contact.values[FieldName("owner_id")]?.textValue
        if owner == nil, let customer = contact.values[FieldName("customer_id")]?.textValue {
            owner = context.workspace.row(RowKey(entity: .customer, id: RowID(customer)))?.values[FieldName("owner_id")]?.textValue
        }
        // Who may is judged first, so the answer tells nobody else whether the contact is marked.
        if owner != context.actor.rawValue {
            try context.require(CommandPermission.clearDoNotContact, to: "clear another owner's do-not-contact flag")
        }
        guard contact.values[FieldName("do_not_contact")]?.boolValue == true else {
            // Said, not refused: the laptop may have cleared what a sync since showed as set.
            return CommandOutcome(note: "This contact is not marked do-not-contact here: there was nothing to clear. If it is marked later, clear it again.")
        }
        let reason = try context.argument("reason")
        context.workspace.serverWrite(key, ["do_not_contact": .bool(false)], author: context.actor)
        context.audit("field_change", entity: .contact, ids: [key.id], before: .object(["do_not_contact": .bool(true)]),
                      after: .object(["do_not_contact": .bool(false)]), reason: reason)
        return .applied
    }
}
