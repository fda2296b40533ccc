import OutpostCore

/// The schema Outpost replicates: the CRM entities with a merge policy per field
/// (`shared/DOMAIN.md` §1). Tables on the laptop and on the server are made from it.
///
/// This first version carries the lead (线索) and its follow-up records (跟进记录); the
/// other entities of DOMAIN.md §1 join it in later versions.
public enum OutpostSchema {
    /// The schema this build speaks.
    public static let current = Schema(version: 1, entities: [lead, followUp])

    /// A prospect: usually a parent asking about a course for a child (DOMAIN §1.3).
    public static let lead = EntitySchema("lead", fields: [
        FieldSchema("contact_name", .text(maximumLength: 64), required: true),
        FieldSchema("mobile", .formatted(.mainlandMobile)),
        FieldSchema("wechat_id", .text(maximumLength: 64)),
        FieldSchema("student_name", .text(maximumLength: 64)),
        FieldSchema("intent_level", .enumeration(["A", "B", "C", "D"])),
        FieldSchema("source_channel", .enumeration(sourceChannels)),
        FieldSchema("remark", .text(maximumLength: 2000)),
        FieldSchema("created_at", .timestamp, policy: .immutable),
    ])

    /// A logged contact with a lead: immutable evidence, never in conflict (DOMAIN §1.8).
    public static let followUp = EntitySchema("follow_up", kind: .appendOnly, fields: [
        FieldSchema("lead_id", .reference(EntityName("lead")), required: true),
        FieldSchema("kind", .enumeration(["call", "visit", "wechat", "sms", "other"]), required: true),
        FieldSchema("note", .text(maximumLength: 2000)),
        FieldSchema("occurred_at", .timestamp, required: true),
    ])

    /// Where a lead came from (DOMAIN §1.3 `source_channel`).
    public static let sourceChannels = [
        "ground_promotion", "referral", "advertising", "self_media", "purchased_list",
        "partnership", "event", "walk_in", "inbound_call", "web_form",
    ]
}
