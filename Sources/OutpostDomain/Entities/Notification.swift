import OutpostCore

extension OutpostSchema {
    /// A message the server leaves for one person (R-6.5 reclaim reminders, R-6.7 / C4 "your
    /// lead was reclaimed and claimed by someone else", R-2.3 / C11 "your lead was merged",
    /// R-2.5 / C14 "your record may duplicate someone else's"). Only its recipient receives it, and it
    /// stays with them after the record it is about has left their scope, so it names that
    /// record by `about_type`/`about_id` with a name snapshot (not `subject_id`, which would
    /// make it follow the record's scope). The server writes it; the recipient only marks it read.
    public enum Notification {
        /// What a notification says.
        public static let kinds = [
            // the record will be reclaimed to the pool in `due_at`'s day unless followed up.
            "reclaim_warning",
            // C4: a late follow-up predates a reclaim, but someone claimed the record meanwhile.
            "reclaimed_and_claimed",
            // C11: the recipient's lead was merged into an earlier one of the same prospect.
            "duplicate_merged",
            // C14: the recipient's record shares its mobile with someone else's; a manager decides.
            "suspected_duplicate",
            // a referral for a consultant who is gone waits for the recipient (their team lead) to assign it.
            "assignment_needed",
            // an ingested lead matched the recipient's record by mobile; no new lead was made.
            "inbound_interest",
        ]

        /// The entity's schema.
        public static let schema = EntitySchema("notification", fields: [
            FieldSchema("recipient_id", reference("user"), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("kind", .enumeration(kinds), required: true, policy: .serverOwned),
            FieldSchema("about_type", .enumeration(["lead", "customer", "contact"]), policy: .serverOwned),
            FieldSchema("about_id", .text(maximumLength: 64), policy: .serverOwned),
            FieldSchema("about_name", .text(maximumLength: 128), policy: .serverOwned),
            FieldSchema("message", .text(maximumLength: 500), required: true, policy: .serverOwned),
            // When what it warns about happens (a reclaim's run time), if it is about the future.
            FieldSchema("due_at", .timestamp, policy: .serverOwned),
            // Makes a notification once-only: the same key is never notified twice.
            FieldSchema("dedup_key", .text(maximumLength: 200), policy: .serverOwned, indexed: true),
            FieldSchema("created_at", .timestamp, required: true, policy: .serverOwned),
            // The recipient's: the latest mark wins.
            FieldSchema("read_at", .timestamp),
        ])
    }
}
