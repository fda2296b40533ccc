import OutpostCore

extension OutpostSchema {
    /// A prospect (线索): usually a parent asking about a course for a child (DOMAIN §1.3).
    ///
    /// `status` model: one forward-only order `new < contacting < qualified < invalid <
    /// converted`. Clients move it forward through the first three; the terminal words are
    /// written only by the server's `mark_invalid` and `convert` commands, which check and
    /// create objects first (`commandOnlyValues`, which the server's planner consults to refuse
    /// a client write of them). Putting the terminals at the top of the same order means a
    /// stale offline "contacting" can never undo a conversion, and `converted` beats a
    /// concurrent `invalid` because it is backed by the created customer. A lead without a
    /// status is `new`.
    public enum Lead {
        /// The stages of `status` in forward order; the last two are `commandOnlyValues`.
        public static let statusStages = ["new", "contacting", "qualified", "invalid", "converted"]

        /// Values only server commands write, by field. terminal: written by commands only.
        public static let commandOnlyValues: [FieldName: Set<String>] = [FieldName("status"): ["invalid", "converted"]]

        /// The entity's schema, with as row rules: a contact name, at least one of
        /// mobile / WeChat id / landline, a source channel, and the referrer of a referral.
        public static let schema = EntitySchema("lead", fields: [
            FieldSchema("branch_id", reference("org_unit"), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("owner_id", reference("user"), policy: .serverOwned, indexed: true),
            FieldSchema("pool_state", .enumeration(poolStates), required: true, policy: .serverOwned),
            FieldSchema("pool_id", reference("pool"), policy: .serverOwned, indexed: true),
            // Who lost it to the pool and when (R-6.4, R-6.7 revert, R-7.5 cooldown).
            FieldSchema("previous_owner_id", reference("user"), policy: .serverOwned),
            FieldSchema("pool_entered_at", .timestamp, policy: .serverOwned),
            // Team members (R-8.1 b): they see the lead, read-write members may also edit it.
            FieldSchema("rw_member_ids", references("user", maximumCount: 50), policy: .serverOwned),
            FieldSchema("ro_member_ids", references("user", maximumCount: 50), policy: .serverOwned),
            FieldSchema("status", .stage(statusStages), policy: .forwardOnly(statusStages)),
            FieldSchema("contact_name", .text(maximumLength: 64), required: true),
            FieldSchema("mobile", .formatted(.mainlandMobile), indexed: true),
            FieldSchema("wechat_id", .formatted(.wechatID), indexed: true),
            FieldSchema("telephone", .formatted(.landline)),
            FieldSchema("student_name", .text(maximumLength: 64)),
            FieldSchema("student_birth_year", .integer(range: 1900...2200)),
            FieldSchema("interest_courses", .tagSet(maximumTags: 50), policy: .addWinsSet),
            // Schema 5: R-3.1's "preferred schedule or budget given" (key info, +10).
            FieldSchema("preferred_schedule", .text(maximumLength: 200)),
            FieldSchema("budget_fen", .money),
            FieldSchema("source_channel", .enumeration(sourceChannels), required: true),
            FieldSchema("referrer_customer_id", reference("customer"), indexed: true),
            FieldSchema("campaign_id", reference("campaign"), indexed: true),
            // Text and district as one register: never a district from another edit (§3.1).
            FieldSchema("address", .composite(addressMembers)),
            FieldSchema("intent_level", .enumeration(intentLevels)),
            FieldSchema("score", .integer(range: 0...100), required: true, policy: .serverOwned),
            FieldSchema("grade", .enumeration(["A", "B", "C", "D"]), required: true, policy: .serverOwned),
            FieldSchema("intent_touch_count", .integer(range: 0...1_000_000), policy: .serverOwned),
            FieldSchema("next_followup_at", .timestamp),
            FieldSchema("last_followup_at", .timestamp, policy: .serverOwned),
            FieldSchema("received_at", .timestamp, policy: .serverOwned),
            FieldSchema("converted_customer_id", reference("customer"), policy: .serverOwned),
            FieldSchema("duplicate_of_id", reference("lead"), policy: .serverOwned),
            FieldSchema("tags", .tagSet(maximumTags: 50), policy: .addWinsSet),
            FieldSchema("remark", .text(maximumLength: 2000)),
            FieldSchema("created_at", .timestamp, policy: .immutable),
        ], rowRules: [
            .requiresOne(of: ["mobile", "wechat_id", "telephone"], in: "lead"),
            .requires("referrer_customer_id", when: "source_channel", is: "referral", in: "lead"),
        ])
    }
}
