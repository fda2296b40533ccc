import OutpostCore
import OutpostReplica

/// A queued or answered command as `outpost commands` lists it.
struct CommandSummary: Encodable {
    /// The command's id.
    var command: String
    /// Its name (`claim`, `convert`…).
    var name: String
    /// The entity of its subject row.
    var entity: String
    /// The subject row's full id.
    var rowID: String
    /// Its arguments as sent.
    var arguments: [String: FieldValue]
    /// pending, applied or rejected.
    var state: String
    /// For a refused command: the stable code.
    var code: String?
    /// For a refused command: the reason, for people.
    var message: String?
    /// For a late convert: provisional id → the row standing for it.
    var aliases: [String: String]?
    /// When the laptop queued it, ISO-8601.
    var queuedAt: String

    /// Describes the journal entry of a command; nil for a field write.
    init?(_ entry: JournalEntry) {
        guard let queued = entry.command else { return nil }
        command = queued.id.rawValue
        name = queued.name.rawValue
        entity = queued.entity.rawValue
        rowID = queued.rowID.rawValue
        arguments = queued.arguments
        state = entry.state.rawValue
        code = entry.code?.rawValue
        message = entry.message
        aliases = entry.aliases
        queuedAt = TimeText.iso8601(milliseconds: entry.recordedAt)
    }

    /// The table: when, name, subject, state, code, message, aliases.
    static func table(_ commands: [CommandSummary]) -> TextTable {
        var table = TextTable(headers: ["QUEUED (UTC)", "COMMAND", "SUBJECT", "STATE", "CODE", "MESSAGE", "ALIASES"])
        table.maximumCellWidth = TextTable.wholeValues   // messages say what to do next: show them whole
        for command in commands {
            let aliases = (command.aliases ?? [:]).sorted { $0.key < $1.key }
                .map { "\(RowID($0.key).short) → \(RowID($0.value).short)" }.joined(separator: ", ")
            table.append([command.queuedAt, command.name, "\(command.entity) \(RowID(command.rowID).short)", command.state,
                          command.code ?? "", command.message ?? "", aliases])
        }
        return table
    }
}
