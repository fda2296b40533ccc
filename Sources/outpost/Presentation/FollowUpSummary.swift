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
    /// The follow-up this one corrects (`correction_of_id`): follow-ups are never edited, a
    /// correction is a new record (DOMAIN §1.8).
    var correctionOf: String?
    /// The newest follow-up correcting this one, when any: its content is the one that holds.
    var correctedBy: String?

    /// Summarizes a stored follow-up row.
    init(id: RowID, state: RowState) {
        self.id = id.rawValue
        method = state.values[FieldName("method")]?.textValue ?? "?"
        occurredAt = state.values[FieldName("occurred_at")]?.integerValue
        author = state.values[FieldName("author_id")]?.textValue ?? state.stamps[FieldName("method")]?.author.rawValue
        content = state.values[FieldName("content")]?.textValue
        correctionOf = state.values[FieldName("correction_of_id")]?.textValue
    }

    /// Every follow-up of the lead `leadID`, oldest first, each corrected one naming its
    /// newest correction.
    static func all(of leadID: RowID, in rows: [(id: RowID, state: RowState)]) -> [FollowUpSummary] {
        all(about: [(EntityName("lead"), leadID)], in: rows)
    }

    /// Every follow-up about one of `subjects` (a customer and the lead it was converted from,
    /// ), oldest first, each corrected one naming its newest correction.
    static func all(about subjects: [(entity: EntityName, id: RowID)], in rows: [(id: RowID, state: RowState)]) -> [FollowUpSummary] {
        var followUps = rows.filter { row in
            guard let type = row.state.values[FieldName("subject_type")]?.textValue,
                  let id = row.state.values[FieldName("subject_id")]?.textValue else { return false }
            return subjects.contains { $0.entity.rawValue == type && $0.id.rawValue == id }
        }
            .map { FollowUpSummary(id: $0.id, state: $0.state) }
            .sorted { ($0.occurredAt ?? 0, $0.id) < ($1.occurredAt ?? 0, $1.id) }
        var newestCorrection: [String: String] = [:]
        for followUp in followUps {
            if let original = followUp.correctionOf { newestCorrection[original] = followUp.id }   // oldest first: the last one wins
        }
        for index in followUps.indices {
            followUps[index].correctedBy = newestCorrection[followUps[index].id]
        }
        return followUps
    }

    /// The table: when (UTC), method, author, content; a corrected follow-up says which one
    /// corrects it, a correction which one it corrects.
    static func table(_ followUps: [FollowUpSummary]) -> TextTable {
        var table = TextTable(headers: ["WHEN (UTC)", "METHOD", "AUTHOR", "CONTENT"])
        table.maximumCellWidth = 48
        for followUp in followUps {
            var note = ""
            if let correctedBy = followUp.correctedBy {
                note = "[corrected by \(RowID(correctedBy).short)] "
            } else if let correctionOf = followUp.correctionOf {
                note = "[correction of \(RowID(correctionOf).short)] "
            }
            table.append([followUp.occurredAt.map(TimeText.iso8601(milliseconds:)) ?? "—", followUp.method,
                          followUp.author ?? "", note + (followUp.content ?? "")])
        }
        return table
    }
}
