import OutpostCore

extension OutpostSchema {
    /// A marketing campaign (市场活动) leads are attributed to: read-only, server-owned
    /// (DOMAIN §1.15).
    public enum Campaign {
        /// The entity's schema.
        public static let schema = EntitySchema("campaign", fields: [
            FieldSchema("name", .text(maximumLength: 128), required: true, policy: .serverOwned),
            FieldSchema("channel", .enumeration(sourceChannels), policy: .serverOwned),
            FieldSchema("start", .date, policy: .serverOwned),
            FieldSchema("end", .date, policy: .serverOwned),
            FieldSchema("budget_fen", .money, policy: .serverOwned),
            FieldSchema("branch_id", reference("org_unit"), policy: .serverOwned, indexed: true),
        ])
    }
}
