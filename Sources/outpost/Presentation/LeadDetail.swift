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
    /// The fields shown as a follow-up not yet synced will set them (its plans and
    /// `last_followup_at`); absent when none.
    var fromUnsentFollowUps: [String]?

    /// Describes a lead and its follow-ups.
    /// - Parameters:
    ///   - state: the lead as shown (with the plans of follow-ups not yet synced).
    ///   - stored: the lead as stored, when it differs; fields where the two differ are named
    ///     in `fromUnsentFollowUps`.
    init(id: RowID, state: RowState, stored: RowState? = nil, followUps: [FollowUpSummary]) {
        self.id = id.rawValue
        isDeleted = state.isDeleted
        fields = Field.describing(OutpostSchema.lead.fields, in: state)
        self.followUps = followUps
        let stored = stored ?? state
        let planned = OutpostSchema.lead.fields.map(\.name).filter { state.version(of: $0) != stored.version(of: $0) }
        fromUnsentFollowUps = planned.isEmpty ? nil : planned.map(\.rawValue)
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
        table.maximumCellWidth = TextTable.wholeValues   // the one place a long remark can be read without --json
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
        if let fromUnsentFollowUps {
            lines.append("\(fromUnsentFollowUps.joined(separator: ", ")): as your follow-up sets \(fromUnsentFollowUps.count == 1 ? "it" : "them"); "
                         + "not synced yet, the server confirms at the next `outpost sync`")
        }
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
