import OutpostCore
import OutpostDomain

/// One follow-up as `outpost lead show` lists it.
struct FollowUpSummary: Encodable {
    /// The follow-up's id.
    var id: String
    /// call, visit, wechat, sms or other.
    var kind: String
    /// When it happened (ms since 1970).
    var occurredAt: Int64?
    /// Who logged it.
    var author: String?
    /// The note, if any.
    var note: String?

    /// Summarizes a stored follow-up row.
    init(id: RowID, state: RowState) {
        self.id = id.rawValue
        kind = state.values[FieldName("kind")]?.textValue ?? "?"
        occurredAt = state.values[FieldName("occurred_at")]?.integerValue
        author = state.stamps[FieldName("kind")]?.author.rawValue
        note = state.values[FieldName("note")]?.textValue
    }

    /// Every follow-up of the lead `leadID`, oldest first.
    static func all(of leadID: RowID, in rows: [(id: RowID, state: RowState)]) -> [FollowUpSummary] {
        rows.filter { $0.state.values[FieldName("lead_id")] == .text(leadID.rawValue) }
            .map { FollowUpSummary(id: $0.id, state: $0.state) }
            .sorted { ($0.occurredAt ?? 0, $0.id) < ($1.occurredAt ?? 0, $1.id) }
    }

    /// The table: when (UTC), kind, author, note.
    static func table(_ followUps: [FollowUpSummary]) -> TextTable {
        var table = TextTable(headers: ["WHEN (UTC)", "KIND", "AUTHOR", "NOTE"])
        table.maximumCellWidth = 48
        for followUp in followUps {
            table.append([followUp.occurredAt.map(TimeText.iso8601(milliseconds:)) ?? "—", followUp.kind,
                          followUp.author ?? "", followUp.note ?? ""])
        }
        return table
    }
}
