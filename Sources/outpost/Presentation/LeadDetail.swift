import OutpostCore
import OutpostDomain

/// One lead as `outpost lead show` shows it: every field with its value, clock and author,
/// whether it is deleted, and its follow-ups.
struct LeadDetail: Encodable {
    /// One field of the lead, as `outpost show` describes a field of any row.
    typealias Field = RecordDetail.Field

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
        fields = Field.describing(OutpostSchema.lead.fields, in: state)
        self.followUps = followUps
    }

    /// The text form: a header, the field table, and the follow-ups.
    func rendered() -> String {
        let short = RowID(id).short
        var lines = ["lead \(id)"]
        let tombstone = fields.first { $0.field == FieldName.deleted.rawValue && $0.value == .bool(true) }
        let mergedInto = fields.first { $0.field == "merged_into_id" }?.value.textValue
        switch (isDeleted, tombstone) {
        case (true, _) where mergedInto != nil:
            let head = RowID(mergedInto ?? "").short
            lines.append("state: merged into lead \(head): its fields and follow-ups are there (`outpost lead show \(head)`)")
        case (true, _): lines.append("state: deleted (bring it back with `outpost lead restore \(short)`)")
        case (false, let tombstone?):
            // Edited on this laptop after a delete it knew of: until the server answers, which
            // keeps the lead deleted, or lifts the tombstone for a holder of `lead.delete` (spec §9.6).
            lines.append("state: live (deleted by \(tombstone.author ?? "?"), then brought back by a later edit)")
        case (false, nil): lines.append("state: live")
        }
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
