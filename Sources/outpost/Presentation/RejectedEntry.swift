import OutpostCore
import OutpostReplica

/// A journal entry the server refused, as `sync` and `status` list it. The entry stays on
/// the laptop with its reason; nothing is silently dropped.
struct RejectedEntry: Encodable {
    /// The journal sequence number.
    var sequence: Int64
    /// The entity of the row.
    var entity: String
    /// The row's full id.
    var rowID: String
    /// The field written.
    var field: String
    /// What was written, as a person reads it: the text a refused follow-up held is shown,
    /// not only the names of its fields ("—" for a command).
    var value: String
    /// The stable reason code.
    var code: String?
    /// The reason, for people.
    var message: String?

    /// Describes a rejected journal entry.
    init(_ entry: JournalEntry) {
        sequence = entry.sequence
        entity = entry.change.entity.rawValue
        rowID = entry.change.rowID.rawValue
        field = entry.change.field.rawValue
        // A command's arguments are listed by `outpost commands`.
        value = entry.command == nil ? FieldText.display(entry.change.value, type: nil) : "—"

        code = entry.code?.rawValue
        message = entry.message
    }

    /// The table: sequence, entity, short row id, field, value (cut at 40 characters; `--json`
    /// has it whole), code, message.
    static func table(_ entries: [RejectedEntry]) -> TextTable {
        var table = TextTable(headers: ["SEQ", "ENTITY", "ROW", "FIELD", "VALUE", "CODE", "MESSAGE"])
        table.maximumCellWidth = 80
        table.lastColumnWhole = true   // messages say what to do next: show them whole
        for entry in entries {
            let value = entry.value.count > 40 ? entry.value.prefix(39) + "…" : entry.value
            table.append([String(entry.sequence), entry.entity, RowID(entry.rowID).short, entry.field, value,
                          entry.code ?? "?", entry.message ?? ""])
        }
        return table
    }
}
