import OutpostCore

extension OutpostSchema {
    /// A suspected duplicate (R-2.1 name-only matches, R-2.5 a key edit that collides, C14):
    /// a link between two records for a manager to review. The server creates it; people
    /// only decide its `status`.
    public enum SuspectedDuplicate {
        /// The entity's schema.
        public static let schema = EntitySchema("suspected_duplicate", fields: [
            FieldSchema("subject_type", .enumeration(["lead", "customer", "contact"]), required: true, policy: .serverOwned),
            FieldSchema("subject_id", .text(maximumLength: 64), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("other_type", .enumeration(["lead", "customer", "contact"]), required: true, policy: .serverOwned),
            FieldSchema("other_id", .text(maximumLength: 64), required: true, policy: .serverOwned, indexed: true),
            // Which key the two share (`mobile`, `WeChat id`), never its value: the records'
            // own field access decides who reads the number (a pool hides it, scopes.md §6).
            FieldSchema("key", .text(maximumLength: 128), required: true, policy: .serverOwned),
            FieldSchema("status", .enumeration(["open", "confirmed", "dismissed"]), required: true),
        ])
    }
}
