import OutpostCore
import OutpostDomain

/// One follow-up as `outpost lead show` lists it.
struct FollowUpSummary: Encodable {
    /// The follow-up's id.
    var id: String
    /// phone, sms, wechat, email, visit, event or other.
    var method: String
    /// When it happened (ms since 1970).
    var occurredAt: Int64?
    /// Who logged it.
    var author: String?
    /// What was said or agreed.
    var content: String?

    /// Summarizes a stored follow-up row.
    init(id: RowID, state: RowState) {
        self.id = id.rawValue
        method = state.values[FieldName("method")]?.textValue ?? "?"
        occurredAt = state.values[FieldName("occurred_at")]?.integerValue
        author = state.values[FieldName("author_id")]?.textValue ?? state.stamps[FieldName("method")]?.author.rawValue
        content = state.values[FieldName("content")]?.textValue
    }

    /// Every follow-up of the lead `leadID`, oldest first.
    static func all(of leadID: RowID, in rows: [(id: RowID, state: RowState)]) -> [FollowUpSummary] {
        rows.filter {
            $0.state.values[FieldName("subject_type")] == .text("lead") && $0.state.values[FieldName("subject_id")] == .text(leadID.rawValue)
        }
            .map { FollowUpSummary(id: $0.id, state: $0.state) }
            .sorted { ($0.occurredAt ?? 0, $0.id) < ($1.occurredAt ?? 0, $1.id) }
    }

    /// The table: when (UTC), method, author, content.
    static func table(_ followUps: [FollowUpSummary]) -> TextTable {
        var table = TextTable(headers: ["WHEN (UTC)", "METHOD", "AUTHOR", "CONTENT"])
        table.maximumCellWidth = 48
        for followUp in followUps {
            table.append([followUp.occurredAt.map(TimeText.iso8601(milliseconds:)) ?? "—", followUp.method,
                          followUp.author ?? "", followUp.content ?? ""])
        }
        return table
    }
}
