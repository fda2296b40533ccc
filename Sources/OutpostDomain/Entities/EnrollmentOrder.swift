import OutpostCore

extension OutpostSchema {
    /// An enrollment order (报名/交费) from the finance system: the money behind
    /// `deal_status`, RFM and lifecycle. Read-only, server-owned (DOMAIN §1.15).
    public enum EnrollmentOrder {
        /// The entity's schema.
        public static let schema = EntitySchema("enrollment_order", fields: [
            FieldSchema("customer_id", reference("customer"), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("student_id", reference("student"), policy: .serverOwned, indexed: true),
            FieldSchema("course_id", reference("course"), policy: .serverOwned),
            FieldSchema("amount_fen", .money, required: true, policy: .serverOwned),
            FieldSchema("paid_at", .timestamp, policy: .serverOwned),
            FieldSchema("status", .enumeration(["paid", "refunded", "partially_refunded"]), required: true, policy: .serverOwned),
            FieldSchema("hours_purchased", .real(range: 0...1_000_000), policy: .serverOwned),
        ])
    }
}
