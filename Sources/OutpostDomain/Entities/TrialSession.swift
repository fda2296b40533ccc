import OutpostCore

extension OutpostSchema {
    /// A trial-class session (试听班期) with its capacity: configuration, server-owned
    /// (DOMAIN §1.9).
    public enum TrialSession {
        /// The entity's schema.
        public static let schema = EntitySchema("trial_session", fields: [
            FieldSchema("campus_id", reference("org_unit"), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("course_id", reference("course"), policy: .serverOwned, indexed: true),
            FieldSchema("teacher_id", reference("user"), policy: .serverOwned),
            FieldSchema("start", .timestamp, required: true, policy: .serverOwned),
            FieldSchema("end", .timestamp, required: true, policy: .serverOwned),
            FieldSchema("capacity", .integer(range: 0...10_000), required: true, policy: .serverOwned),
            FieldSchema("booked_count", .integer(range: 0...10_000), required: true, policy: .serverOwned),
            FieldSchema("owner_sales_id", reference("user"), policy: .serverOwned, indexed: true),
        ])
    }
}
