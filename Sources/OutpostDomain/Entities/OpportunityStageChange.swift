import OutpostCore

extension OutpostSchema {
    /// One stage transition of an opportunity, accepted or superseded (DOMAIN §1.7,
    /// WK `wk_crm_business_change`): an append-only fact.
    public enum OpportunityStageChange {
        /// The entity's schema.
        public static let schema = EntitySchema("opportunity_stage_change", kind: .appendOnly, fields: [
            FieldSchema("opportunity_id", reference("opportunity"), required: true, indexed: true),
            FieldSchema("from_stage", .enumeration(Opportunity.stages)),
            FieldSchema("to_stage", .enumeration(Opportunity.stages), required: true),
            FieldSchema("epoch", .integer(range: 0...1_000_000), required: true),
            FieldSchema("hlc", .text(maximumLength: 64), required: true),
            FieldSchema("author_id", reference("user"), required: true, indexed: true),
            FieldSchema("accepted", .boolean, required: true),
        ])
    }
}
