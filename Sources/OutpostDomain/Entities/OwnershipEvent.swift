import OutpostCore

extension OutpostSchema {
    /// A change of owner (负责人变更记录): an append-only fact written by the server only,
    /// so every field is server-owned (DOMAIN §1.12).
    public enum OwnershipEvent {
        /// What moved the subject.
        public static let actions = [
            "assign_on_create", "distribute", "allocate", "claim", "release", "reclaim_auto", "reallocate",
            "transfer", "territory_transfer", "merge", "convert", "reclaim_reverted", "handover_on_departure",
        ]

        /// The entity's schema.
        public static let schema = EntitySchema("ownership_event", kind: .appendOnly, fields: [
            FieldSchema("subject_type", .enumeration(["lead", "customer", "opportunity"]), required: true, policy: .serverOwned),
            FieldSchema("subject_id", .text(maximumLength: 64), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("action", .enumeration(actions), required: true, policy: .serverOwned),
            FieldSchema("from_owner_id", reference("user"), policy: .serverOwned),
            FieldSchema("to_owner_id", reference("user"), policy: .serverOwned, indexed: true),
            FieldSchema("from_branch_id", reference("org_unit"), policy: .serverOwned),
            FieldSchema("to_branch_id", reference("org_unit"), policy: .serverOwned),
            FieldSchema("pool_id", reference("pool"), policy: .serverOwned),
            FieldSchema("rule_id", reference("pool_rule"), policy: .serverOwned),
            // Null: a system job.
            FieldSchema("actor_id", reference("user"), policy: .serverOwned, indexed: true),
            FieldSchema("command_id", .text(maximumLength: 64), required: true, policy: .serverOwned),
            FieldSchema("reason", .text(maximumLength: 500), policy: .serverOwned),
            FieldSchema("server_time", .timestamp, required: true, policy: .serverOwned),
            FieldSchema("client_hlc", .text(maximumLength: 64), policy: .serverOwned),
        ])
    }
}
