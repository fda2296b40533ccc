import OutpostCore
import OutpostDomain

/// An accepted check-in (DOMAIN §1.10, R-16.x): immutable evidence the server never rejects
/// for what it shows. It records receipt time and author, the distance to the subject (both
/// points in GCJ-02, so a raw GPS fix and a map address compare), and flags what looks wrong
/// (`CheckInAssessment`): far from the subject, low accuracy, stale fix, clock skew,
/// impossible travel since the author's previous check-in, duplicate, author not the owner,
/// photo missing.
enum CheckInRules {
    static func apply(to key: RowKey, author: UserID, in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(key) else { return }
        let now = workspace.serverNow
        var values: [String: FieldValue] = ["received_at": .integer(now), "user_id": .text(author.rawValue)]
        var subjectKey: RowKey?
        if let subjectType = row.values[FieldName("subject_type")]?.textValue,
           let subjectID = row.values[FieldName("subject_id")]?.textValue {
            let subject = workspace.head(of: RowKey(entity: EntityName(subjectType), id: RowID(subjectID)))
            if subject.id.rawValue != subjectID { values["subject_id"] = .text(subject.id.rawValue) }
            subjectKey = subject
        }
        let subjectRow = subjectKey.flatMap { workspace.row($0) }
        let facts = self.facts(of: key.id, row, author: author, subject: subjectKey, receivedAt: now)
        // Clamped as a follow-up's is (DOMAIN C15); `device_time` keeps what the laptop said.
        if facts.occurredAtWasClamped { values["occurred_at"] = .integer(facts.occurredAt) }
        let earlier = workspace.rows(.checkIn, where: FieldName("user_id"), equals: .text(author.rawValue))
            .filter { $0.id != key.id }
            .map { self.facts(of: $0.id, $0.row, author: author, subject: nil, receivedAt: $0.row.values[FieldName("received_at")]?.integerValue ?? now) }
        let previous = earlier.filter { $0.occurredAt <= facts.occurredAt }.max { $0.occurredAt < $1.occurredAt }
        let sameSubject = earlier.filter { $0.subjectID != nil && $0.subjectID == facts.subjectID }
        let assessment = CheckInAssessment.assess(
            facts, subject: subjectRow.flatMap(geo(of:)),
            subjectOwnerID: subjectRow?.values[FieldName("owner_id")]?.textValue ?? (subjectKey == nil ? author.rawValue : nil),
            previousOfSameUser: previous, recentOfSameUserAndSubject: sameSubject)
        values["flags"] = .list(assessment.storedFlags.map(FieldValue.text))
        values["distance_to_subject_m"] = assessment.distanceToSubjectMeters.map(FieldValue.real) ?? .null
        workspace.serverWrite(key, values)
    }

    /// The check-in as the pure assessment sees it.
    private static func facts(of id: RowID, _ row: RowState, author: UserID, subject: RowKey?, receivedAt: Int64) -> CheckInFacts {
        func number(_ field: String) -> Double? {
            switch row.values[FieldName(field)] {
            case .real(let value): value
            case .integer(let value): Double(value)
            default: nil
            }
        }
        var point: GeoPoint?
        if let latitude = number("lat"), let longitude = number("lon"),
           let system = row.values[FieldName("coord_system")]?.textValue.flatMap(CoordinateSystem.init(rawValue:)) {
            point = GeoPoint(latitude: latitude, longitude: longitude, system: system)
        }
        let clock = row.stamps[FieldName("occurred_at")]?.clock.wallMilliseconds
        let written = row.values[FieldName("occurred_at")]?.integerValue
        let occurredAt = min(written ?? clock ?? receivedAt, receivedAt + FollowUpRules.futureAllowanceMilliseconds)
        return CheckInFacts(
            id: id.rawValue, userID: author.rawValue,
            kind: row.values[FieldName("kind")]?.textValue.flatMap(CheckInFacts.Kind.init(rawValue:)) ?? .adHoc,
            subjectID: subject?.id.rawValue ?? row.values[FieldName("subject_id")]?.textValue,
            point: point, accuracyMeters: number("horizontal_accuracy_m"),
            locationStatus: row.values[FieldName("location_status")]?.textValue.flatMap(CheckInFacts.LocationStatus.init(rawValue:)) ?? .fixed,
            locationTime: row.values[FieldName("location_time")]?.integerValue,
            deviceTime: row.values[FieldName("device_time")]?.integerValue ?? occurredAt,
            occurredAt: occurredAt, receivedAt: receivedAt,
            occurredAtWasClamped: (written ?? 0) > receivedAt + FollowUpRules.futureAllowanceMilliseconds,
            photoCount: row.values[FieldName("photo_refs")]?.listValue?.count ?? 0)
    }

    /// A subject's location: the coordinates of its address (customer) or campus geo.
    private static func geo(of row: RowState) -> GeoPoint? {
        for field in ["address", "campus_geo", "geo"] {
            guard let members = row.values[FieldName(field)]?.objectValue else { continue }
            func number(_ name: String) -> Double? {
                switch members[name] {
                case .real(let value): value
                case .integer(let value): Double(value)
                default: nil
                }
            }
            if let latitude = number("lat"), let longitude = number("lon"),
               let system = members["coord_system"]?.textValue.flatMap(CoordinateSystem.init(rawValue:)) {
                return GeoPoint(latitude: latitude, longitude: longitude, system: system)
            }
        }
        return nil
    }
}
