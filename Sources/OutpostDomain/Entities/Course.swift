import OutpostCore

extension OutpostSchema {
    /// A course or product (课程) from the academic system: read-only, server-owned
    /// (DOMAIN §1.15).
    public enum Course {
        /// The entity's schema.
        public static let schema = EntitySchema("course", fields: [
            FieldSchema("name", .text(maximumLength: 128), required: true, policy: .serverOwned),
            FieldSchema("subject", .text(maximumLength: 64), policy: .serverOwned),
            FieldSchema("grade_range", .text(maximumLength: 32), policy: .serverOwned),
            FieldSchema("list_price_fen", .money, policy: .serverOwned),
            FieldSchema("active", .boolean, required: true, policy: .serverOwned),
        ])
    }
}
