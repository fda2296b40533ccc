import OutpostCore
import OutpostProtocol
import OutpostReplica

/// The row a command verb is about, checked offline against what the server accepts
/// (`protocol/commands.md` §2), so a command that can only be refused is never queued.
enum CommandSubject {
    /// The entities each command applies to (commands.md §2, "subject").
    static let entities: [CommandName: [String]] = [
        .claim: ["lead", "customer"],
        .release: ["lead", "customer"],
        .transfer: ["lead", "customer", "opportunity"],
        .convert: ["lead"],
        .merge: ["lead", "customer", "contact"],
        .reopen: ["opportunity"],
        .markWon: ["opportunity"],
        .markInvalid: ["lead"],
        .book: ["appointment"],
        .clearDoNotContact: ["contact"],
        .share: ["lead", "customer"],
        .unshare: ["lead", "customer"],
        .lock: ["customer"],
        .unlock: ["customer"],
        .voidCheckIn: ["check_in"],
        .redact: ["follow_up"],
    ]

    /// The subject's entity and full id, for a verb that takes the entity as an argument
    /// (`outpost claim lead 3a4b…`).
    /// - Throws: `InputError.unknownEntity`, `.wrongSubject` or `.noSuchRow`.
    static func resolve(_ command: CommandName, verb: String, entity name: String, id: String,
                        in replica: Replica) throws -> (entity: EntityName, rowID: RowID) {
        let entity = try replica.schema.entity(named: name).name
        let allowed = entities[command] ?? []
        guard allowed.contains(entity.rawValue) else {
            throw InputError.wrongSubject(command: verb, entity: entity, allowed: allowed)
        }
        return (entity, try replica.rowID(of: entity, matching: id))
    }

    /// The subject's entity and full id, for a verb about one entity only (`outpost won 3a4b…`).
    /// - Throws: `InputError.entityNotReplicated` or `.noSuchRow`.
    static func resolve(_ command: CommandName, verb: String, id: String,
                        in replica: Replica) throws -> (entity: EntityName, rowID: RowID) {
        let name = entities[command]?.first ?? ""
        let entity = try replica.schema.entity(name, neededBy: verb).name
        return (entity, try replica.rowID(of: entity, matching: id))
    }

    /// Queues `command` on the subject and prints its id (or JSON) with the note that it
    /// runs at the next sync.
    static func queue(_ command: CommandName, on subject: (entity: EntityName, rowID: RowID),
                      arguments: [String: FieldValue] = [:], in replica: Replica, json: Bool) throws {
        let id = try replica.enqueue(command, on: subject.entity, id: subject.rowID, arguments: arguments)
        try QueuedCommand(id: id, name: command, entity: subject.entity, rowID: subject.rowID).report(json: json)
    }
}
