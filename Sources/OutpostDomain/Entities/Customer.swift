import OutpostCore

extension OutpostSchema {
    /// A customer (客户): for 教培 usually the family that pays, sometimes an organization
    /// (DOMAIN §1.4). Ownership works as for leads; derived values are the server's.
    public enum Customer {
        /// The entities whose rows are a customer's children (`customer_id`): once one
        /// exists, `customer_type` is fixed (DOMAIN §1.4).
        public static let childEntities = ["contact", "student", "opportunity", "enrollment_order"].map { EntityName($0) }

        /// The code of an edit of a fixed `customer_type`.
        public static let typeFixedCode = "customer.type_fixed"

        /// Why `customer_type` cannot change any more.
        public static let typeFixedMessage = "A customer's type (family or organization) is fixed once it has contacts, students, "
            + "opportunities or orders (DOMAIN §1.4). Ask head office to correct it."

        /// The entity's schema. `customer_type` merges last-writer-wins; DOMAIN freezes it once
        /// a child row exists, which the server enforces.
        public static let schema = EntitySchema("customer", fields: [
            FieldSchema("customer_type", .enumeration(["family", "organization"]), required: true),
            FieldSchema("name", .text(maximumLength: 128), required: true),
            FieldSchema("branch_id", reference("org_unit"), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("owner_id", reference("user"), policy: .serverOwned, indexed: true),
            FieldSchema("pool_state", .enumeration(poolStates), required: true, policy: .serverOwned),
            FieldSchema("pool_id", reference("pool"), policy: .serverOwned, indexed: true),
            FieldSchema("previous_owner_id", reference("user"), policy: .serverOwned),
            // Team members (R-8.1 b): they see the customer, read-write members may also edit it.
            FieldSchema("rw_member_ids", references("user", maximumCount: 50), policy: .serverOwned),
            FieldSchema("ro_member_ids", references("user", maximumCount: 50), policy: .serverOwned),
            FieldSchema("primary_contact_id", reference("contact")),
            FieldSchema("mobile", .formatted(.mainlandMobile), indexed: true),
            // The visit target: address, district and point as one register (§3.1).
            FieldSchema("address", .composite(addressMembers.merging(pointMembers) { $1 })),
            FieldSchema("level", .enumeration(["A", "B", "C"])),
            FieldSchema("deal_status", .enumeration(["not_won", "won"]), required: true, policy: .serverOwned),
            FieldSchema("first_deal_at", .timestamp, policy: .serverOwned),
            FieldSchema("locked", .boolean, required: true, policy: .serverOwned),
            FieldSchema("lifecycle_stage", .enumeration(["acquisition", "growth", "mature", "decline", "departed"]),
                        required: true, policy: .serverOwned),
            FieldSchema("rfm_code", .text(maximumLength: 3), policy: .serverOwned),
            FieldSchema("received_at", .timestamp, policy: .serverOwned),
            FieldSchema("last_followup_at", .timestamp, policy: .serverOwned),
            FieldSchema("pool_entered_at", .timestamp, policy: .serverOwned),
            FieldSchema("next_followup_at", .timestamp),
            FieldSchema("source_channel", .enumeration(sourceChannels)),
            FieldSchema("referrer_customer_id", reference("customer"), indexed: true),
            FieldSchema("converted_from_lead_id", reference("lead"), policy: .serverOwned, indexed: true),
            FieldSchema("tags", .tagSet(maximumTags: 50), policy: .addWinsSet),
            // Created by an offline convert; the server adopts it or aliases it.
            FieldSchema("provisional", .boolean),
            FieldSchema("remark", .text(maximumLength: 2000)),
        ])
    }
}
