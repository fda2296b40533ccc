import OutpostCore

extension OutpostSchema {
    /// A contact (联系人): a parent or guardian of a family, or staff of an organization
    /// (DOMAIN §1.6).
    public enum Contact {
        /// How a contact relates to the customer.
        public static let relations = ["mother", "father", "grandparent", "guardian", "self", "teacher", "principal", "finance", "other"]

        /// The entity's schema. `customer_id` is immutable for clients (only the server's merge
        /// re-points it); `do_not_contact` is true-wins, and an absent value reads false.
        public static let schema = EntitySchema("contact", fields: [
            FieldSchema("customer_id", reference("customer"), required: true, policy: .immutable, indexed: true),
            FieldSchema("name", .text(maximumLength: 64), required: true),
            FieldSchema("relation", .enumeration(relations), required: true),
            FieldSchema("mobile", .formatted(.mainlandMobile), indexed: true),
            FieldSchema("telephone", .formatted(.landline)),
            FieldSchema("wechat_id", .formatted(.wechatID), indexed: true),
            FieldSchema("email", .text(maximumLength: 254)),
            FieldSchema("title", .text(maximumLength: 64)),
            FieldSchema("is_decision_maker", .boolean),
            FieldSchema("is_payer", .boolean),
            // Consent: a stale laptop's false never beats a true; clearing is a command (C20).
            FieldSchema("do_not_contact", .boolean, policy: .trueWins),
            FieldSchema("owner_id", reference("user"), policy: .serverOwned, indexed: true),
            FieldSchema("tags", .tagSet(maximumTags: 50), policy: .addWinsSet),
            FieldSchema("provisional", .boolean),
            FieldSchema("remark", .text(maximumLength: 2000)),
        ])
    }
}
