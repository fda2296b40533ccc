import OutpostCore
import OutpostDomain

/// One lead as `outpost lead show` shows it: every field with its value, clock and author,
/// whether it is deleted, and its follow-ups.
struct LeadDetail: Encodable {
    /// One field of the lead.
    struct Field: Encodable {
        /// The schema name.
        var field: String
        /// The current value (null when never written or cleared).
        var value: FieldValue
        /// The clock of the write that produced it (absent when never written).
        var clock: String?
        /// Who wrote it.
        var author: String?
        /// The clock's wall time as ISO-8601.
        var writtenAt: String?
    }

    /// The lead's full id.
    var id: String
    /// Whether the lead is deleted.
    var isDeleted: Bool
    /// Every field of the schema, in schema order, the tombstone last.
    var fields: [Field]
    /// Follow-ups logged on this lead, oldest first.
    var followUps: [FollowUpSummary]

    /// Describes a stored lead and its follow-ups.
    init(id: RowID, state: RowState, followUps: [FollowUpSummary]) {
        self.id = id.rawValue
        isDeleted = state.isDeleted
        fields = OutpostSchema.lead.fields.map { schemaField in
            let version = state.version(of: schemaField.name)
            return Field(field: schemaField.name.rawValue, value: version?.value ?? .null,
                         clock: version?.clock.description, author: version?.author.rawValue,
                         writtenAt: version.map { TimeText.iso8601(milliseconds: $0.clock.wallMilliseconds) })
        }
        self.followUps = followUps
    }

    /// The text form: a header, the field table, and the follow-ups.
    func rendered() -> String {
        let short = RowID(id).short
        var lines = ["lead \(id)"]
        lines.append(isDeleted ? "state: deleted (bring it back with `outpost lead restore \(short)`)" : "state: live")
        lines.append("")
        var table = TextTable(headers: ["FIELD", "VALUE", "AUTHOR", "WRITTEN (UTC)", "CLOCK"])
        for field in fields {
            let type = OutpostSchema.lead.field(FieldName(field.field))?.type
            table.append([
                field.field,
                field.clock == nil ? "" : FieldText.display(field.value, type: type),
                field.author ?? "",
                field.writtenAt ?? "",
                field.clock.flatMap { HLCTimestamp($0) }.map(FieldText.compactClock) ?? "",
            ])
        }
        lines.append(table.rendered())
        lines.append("")
        if followUps.isEmpty {
            lines.append("no follow-ups (log one with `outpost followup add \(short) --method phone --content TEXT`)")
        } else {
            lines.append("follow-ups (\(followUps.count))")
            lines.append(FollowUpSummary.table(followUps).rendered())
        }
        return lines.joined(separator: "\n")
    }
}
