import OutpostCore

/// An accepted check-in (DOMAIN §1.10, R-16.x): immutable evidence the server never rejects
/// for what it shows; it records receipt time and author, and flags what looks wrong.
enum CheckInRules {
    static func apply(to key: RowKey, author: UserID, in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(key) else { return }
        let now = workspace.serverNow
        var flags: [String] = []
        var values: [String: FieldValue] = ["received_at": .integer(now), "user_id": .text(author.rawValue)]
        if let subjectType = row.values[FieldName("subject_type")]?.textValue,
           let subjectID = row.values[FieldName("subject_id")]?.textValue {
            let subject = workspace.head(of: RowKey(entity: EntityName(subjectType), id: RowID(subjectID)))
            if subject.id.rawValue != subjectID { values["subject_id"] = .text(subject.id.rawValue) }
            if let owner = workspace.row(subject)?.values[FieldName("owner_id")]?.textValue, owner != author.rawValue {
                flags.append("author_not_owner")
            }
        }
        let occurredAt = row.stamps[FieldName("occurred_at")]?.clock.wallMilliseconds
        if let deviceTime = row.values[FieldName("device_time")]?.integerValue, let occurredAt,
           abs(deviceTime - occurredAt) > 10 * 60 * 1000 || deviceTime > now + 10 * 60 * 1000 {
            flags.append("clock_skew")
        }
        values["flags"] = .list(flags.sorted().map(FieldValue.text))
        workspace.serverWrite(key, values)
    }
}
