import OutpostCore

extension OutpostSchema {
    /// An opportunity (商机): a real prospect for a sale under a customer (DOMAIN §1.7).
    public enum Opportunity {
        /// Stages in forward order: 初步沟通 < 确定意向 < 商务洽谈 < 成单.
        public static let stages = ["initial_contact", "intent_confirmed", "negotiation", "won"]
        /// Outcomes from lowest to highest precedence: won is backed by money.
        public static let outcomes = ["open", "invalid", "lost", "won"]

        /// The entity's schema, with R-13.4 (a lost opportunity needs `lost_reason`).
        /// `customer_id` is immutable for clients ("serverOwned after create": only merges
        /// re-parent it on the server).
        public static let schema = EntitySchema("opportunity", fields: [
            FieldSchema("customer_id", reference("customer"), required: true, policy: .immutable, indexed: true),
            FieldSchema("branch_id", reference("org_unit"), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("owner_id", reference("user"), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("name", .text(maximumLength: 128), required: true),
            // Ordered by (reopen epoch, rank): only the `reopen` command goes back (DESIGN).
            FieldSchema("stage", .stage(stages), required: true, policy: .forwardOnly(stages)),
            FieldSchema("outcome", .enumeration(outcomes), required: true, policy: .precedence(outcomes)),
            FieldSchema("reopen_epoch", .integer(range: 0...1_000_000), required: true, policy: .serverOwned),
            FieldSchema("stage_changed_at", .timestamp, policy: .serverOwned),
            FieldSchema("amount_fen", .money),
            FieldSchema("course_package_id", reference("course")),
            FieldSchema("student_id", reference("student"), indexed: true),
            FieldSchema("primary_contact_id", reference("contact")),
            FieldSchema("expected_close_date", .date),
            FieldSchema("win_probability", .integer(range: 0...100), policy: .serverOwned),
            FieldSchema("lost_reason", .text(maximumLength: 500)),
            FieldSchema("next_followup_at", .timestamp),
            FieldSchema("source_lead_id", reference("lead"), policy: .serverOwned, indexed: true),
            FieldSchema("provisional", .boolean),
        ], rowRules: [
            .requires("lost_reason", when: "outcome", is: "lost", in: "opportunity"),
        ])
    }
}
