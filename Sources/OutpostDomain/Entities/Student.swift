import OutpostCore

extension OutpostSchema {
    /// A student (学员), a child of a customer family (DOMAIN §1.5).
    public enum Student {
        /// The entity's schema. `customer_id` is set at creation and never changed by a client
        /// (immutable); only the server's merge command re-points it (DOMAIN: "moves only via
        /// merge"), so a stale write cannot move a child across families.
        public static let schema = EntitySchema("student", fields: [
            FieldSchema("customer_id", reference("customer"), required: true, policy: .immutable, indexed: true),
            FieldSchema("name", .text(maximumLength: 64), required: true),
            FieldSchema("gender", .enumeration(["female", "male", "unspecified"])),
            FieldSchema("birth_date", .date),
            FieldSchema("school_entry_year", .integer(range: 1900...2200)),
            FieldSchema("school_name", .text(maximumLength: 128)),
            FieldSchema("interests", .tagSet(maximumTags: 50), policy: .addWinsSet),
            FieldSchema("enrollment_status", .enumeration(["prospect", "trial", "enrolled", "suspended", "withdrawn", "completed"]),
                        required: true, policy: .serverOwned),
            FieldSchema("remaining_hours", .real(range: 0...1_000_000), policy: .serverOwned),
            FieldSchema("provisional", .boolean),
            FieldSchema("notes", .text(maximumLength: 2000)),
        ])
    }
}
