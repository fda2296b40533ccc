import OutpostCore

extension OutpostSchema {
    /// A public pool (公海): configuration, server-owned, replicated read-only (DOMAIN §1.11).
    public enum Pool {
        /// The entity's schema.
        public static let schema = EntitySchema("pool", fields: [
            FieldSchema("name", .text(maximumLength: 64), required: true, policy: .serverOwned),
            FieldSchema("branch_id", reference("org_unit"), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("status", .enumeration(["active", "archived"]), required: true, policy: .serverOwned),
            FieldSchema("admin_user_ids", references("user", maximumCount: 50), required: true, policy: .serverOwned),
            FieldSchema("member_user_ids", references("user", maximumCount: 2_000), policy: .serverOwned),
            FieldSchema("member_unit_ids", references("org_unit", maximumCount: 500), policy: .serverOwned),
            FieldSchema("pre_owner_cooldown_days", .integer(range: 0...3_650), policy: .serverOwned),
            FieldSchema("daily_claim_limit", .integer(range: 0...100_000), policy: .serverOwned),
            FieldSchema("remind_days_before_reclaim", .integer(range: 0...3_650), policy: .serverOwned),
            FieldSchema("auto_reclaim", .boolean, required: true, policy: .serverOwned),
            FieldSchema("hidden_fields", .list(of: .text(maximumLength: 64), maximumCount: 200), policy: .serverOwned),
        ])
    }
}
