import OutpostCore

extension OutpostSchema {
    /// A follow-up record (跟进记录): immutable evidence of a conversation, never in conflict
    /// (DOMAIN §1.8). Corrections are new records (`correction_of_id`).
    public enum FollowUp {
        /// What a follow-up is about.
        public static let subjectTypes = ["lead", "customer", "contact", "opportunity"]
        /// How it happened (WK `followRecordOption`).
        public static let methods = ["phone", "sms", "wechat", "email", "visit", "event", "other"]

        /// The entity's schema, with: the next follow-up cannot be planned before this
        /// one happened (`followup.next_time_in_past`).
        public static let schema = EntitySchema("follow_up", kind: .appendOnly, fields: [
            FieldSchema("subject_type", .enumeration(subjectTypes), required: true),
            // The id of a row of `subject_type`; the server re-points it along merged_into_id.
            FieldSchema("subject_id", .text(maximumLength: 64), required: true, indexed: true),
            FieldSchema("subject_name_snapshot", .text(maximumLength: 128)),
            FieldSchema("author_id", reference("user"), indexed: true),   // stamped by the server with the authenticated author
            FieldSchema("method", .enumeration(methods), required: true),
            FieldSchema("content", .text(maximumLength: 2000), required: true),
            FieldSchema("occurred_at", .timestamp, required: true),
            FieldSchema("received_at", .timestamp, policy: .serverOwned),
            FieldSchema("next_followup_at", .timestamp),
            FieldSchema("intent_level_after", .enumeration(intentLevels)),
            FieldSchema("contact_ids", references("contact", maximumCount: 20)),
            FieldSchema("opportunity_ids", references("opportunity", maximumCount: 20)),
            FieldSchema("duration_s", .integer(range: 0...86_400)),
            FieldSchema("attachment_refs", .list(of: .text(maximumLength: 128), maximumCount: 20)),
            FieldSchema("checkin_id", reference("check_in")),
            FieldSchema("correction_of_id", reference("follow_up")),
            FieldSchema("redacted", .boolean, policy: .serverOwned),
            // `author_not_owner` when its author did not hold the subject; `clock_skew`
            // when its `occurred_at` was clamped to receipt plus the skew budget (C15);
            // `overdue` when its `next_followup_at` had passed when it reached the server.
            FieldSchema("flags", .list(of: .enumeration(["author_not_owner", "clock_skew", "overdue"]), maximumCount: 4), policy: .serverOwned),
            // The laptop's own reading of its clock when the call was logged, kept verbatim even
            // when wrong (R-1.8, C15: `occurred_at` is clamped, this is not). Schema 6; the server
            // fills it with the pushed `occurred_at` when a client sends none.
            FieldSchema("device_time", .timestamp),
        ], rowRules: [nextFollowUpNotBeforeOccurrence])

        /// The follow-up's plan fields and the fields of its subject they move (DOMAIN §3.2
        /// rule 4): `next_followup_at` to `next_followup_at`, `intent_level_after` to
        /// `intent_level`. A laptop journals each plan field with the clock of the subject's
        /// field as it saw it as its `base` (spec §5.3), so the server's write to the subject
        /// logs a conflict only against a value its author had not seen.
        public static let plans: [(field: FieldName, subjectField: FieldName)] = [
            (FieldName("next_followup_at"), FieldName("next_followup_at")),
            (FieldName("intent_level_after"), FieldName("intent_level")),
        ]

        /// The code of.
        public static let nextTimeInPastCode = "followup.next_time_in_past"

        /// What a redacted follow-up says instead of its content (`redact`, DOMAIN §1.8).
        public static let redactedContent = "（已隐藏 redacted）"
        /// The fields a redaction empties or replaces, on the server and in a laptop's journal.
        public static let redactedFields: [FieldName] = [FieldName("content"), FieldName("attachment_refs")]

        /// offline version: compared with the record's own `occurred_at`, not with
        /// server time (a late push is accepted and flagged `overdue` by the server).
        static let nextFollowUpNotBeforeOccurrence = RowRule("next_followup_not_before_occurred_at") { row in
            guard let next = row.integer("next_followup_at"), let occurred = row.integer("occurred_at"), next < occurred else { return [] }
            return [RowProblem(code: nextTimeInPastCode, field: FieldName("next_followup_at"),
                               message: "The next follow-up is planned before this one happened. Pick a time after it, or leave it empty.")]
        }
    }
}
