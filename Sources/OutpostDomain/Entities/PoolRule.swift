import OutpostCore

extension OutpostSchema {
    /// A reclaim rule of a pool (DOMAIN §1.11, R-6): configuration, server-owned.
    public enum PoolRule {
        /// The entity's schema. `pool_id` links the rule to the pool it reclaims into
        /// (R-6.4 `pool_id := rule.pool`).
        public static let schema = EntitySchema("pool_rule", fields: [
            FieldSchema("pool_id", reference("pool"), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("basis", .enumeration(["no_followup", "no_opportunity", "not_won"]), required: true, policy: .serverOwned),
            FieldSchema("limit_days", .integer(range: 0...3_650), required: true, policy: .serverOwned),
            FieldSchema("level", .enumeration(["all", "A", "B", "C"]), required: true, policy: .serverOwned),
            FieldSchema("include_won", .boolean, required: true, policy: .serverOwned),
            FieldSchema("include_with_opportunity", .boolean, required: true, policy: .serverOwned),
            FieldSchema("action", .enumeration(["to_pool", "reallocate"]), required: true, policy: .serverOwned),
            // Schema 3 (DOMAIN §6 decision 3): an owner's `arrive` check-in counts as a follow-up
            // for `no_followup`; absent means false.
            FieldSchema("checkin_counts_as_followup", .boolean, policy: .serverOwned),
        ])
    }
}
