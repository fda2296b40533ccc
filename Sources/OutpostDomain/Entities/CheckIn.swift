import OutpostCore

extension OutpostSchema {
    /// A field check-in (签到 / 外勤打卡): immutable evidence of a visit, flagged rather than
    /// rejected by the server (DOMAIN §1.10, R-16).
    public enum CheckIn {
        /// What the server flags on a check-in (never a reason to drop it).
        /// (`CheckInFlag`; DOMAIN's `outside_geofence` is `far_from_subject` here, the name.)
        public static let flags = CheckInFlag.allCases.map(\.rawValue)

        /// The code of a non-positive accuracy (R-16.1: negative means the fix is invalid).
        public static let invalidAccuracyCode = "checkin.invalid_accuracy"

        /// The entity's schema, with: a point (lat, lon, coordinate system, accuracy
        /// > 0) unless the location is honestly `unavailable`, and a name snapshot when a
        /// subject is set.
        public static let schema = EntitySchema("check_in", kind: .appendOnly, fields: [
            FieldSchema("user_id", reference("user"), indexed: true),   // stamped by the server with the authenticated author
            FieldSchema("kind", .enumeration(["arrive", "leave", "ad_hoc"]), required: true),
            // Both null for street prospecting (扫街).
            FieldSchema("subject_type", .enumeration(["lead", "customer"])),
            FieldSchema("subject_id", .text(maximumLength: 64), indexed: true),
            FieldSchema("subject_name_snapshot", .text(maximumLength: 128)),
            FieldSchema("lat", .real(range: -90...90)),
            FieldSchema("lon", .real(range: -180...180)),
            FieldSchema("coord_system", .enumeration(coordinateSystems)),
            FieldSchema("horizontal_accuracy_m", .real(range: -1_000_000...1_000_000)),
            FieldSchema("location_status", .enumeration(["fixed", "stale", "unavailable"]), required: true),
            FieldSchema("location_time", .timestamp),
            FieldSchema("device_time", .timestamp, required: true),
            FieldSchema("occurred_at", .timestamp, required: true),
            FieldSchema("received_at", .timestamp, policy: .serverOwned),
            FieldSchema("photo_refs", .list(of: .text(maximumLength: 128), maximumCount: 9)),
            FieldSchema("note", .text(maximumLength: 2000)),
            FieldSchema("followup_id", reference("follow_up")),
            FieldSchema("distance_to_subject_m", .real(range: 0...100_000_000), policy: .serverOwned),
            FieldSchema("flags", .list(of: .enumeration(flags), maximumCount: flags.count), policy: .serverOwned),
            // Schema 7: when a branch manager or head office voided it (`void_checkin`, DOMAIN
            // §1.10): the evidence stays, marked void, and counts for nothing any more.
            FieldSchema("voided_at", .timestamp, policy: .serverOwned),
        ], rowRules: [
            locationUnlessUnavailable,
            accuracyPositive,
            .requires("subject_name_snapshot", whenPresent: "subject_id", in: "check_in"),
        ])

        static let locationUnlessUnavailable = RowRule("location_unless_unavailable") { row in
            guard row.text("location_status") != "unavailable" else { return [] }
            return ["lat", "lon", "coord_system", "horizontal_accuracy_m"].filter(row.isMissing).map {
                .required(FieldName($0), entity: EntityName("check_in"), because: "unless location_status is unavailable")
            }
        }

        static let accuracyPositive = RowRule("accuracy_positive") { row in
            guard let accuracy = row.number("horizontal_accuracy_m"), accuracy <= 0 else { return [] }
            return [RowProblem(code: invalidAccuracyCode, field: FieldName("horizontal_accuracy_m"),
                               message: "The accuracy must be more than 0 metres; a negative accuracy means the fix is invalid. Record location_status unavailable instead.")]
        }
    }
}
