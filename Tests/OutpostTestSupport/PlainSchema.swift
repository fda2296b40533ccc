import OutpostCore

/// A schema with one plain entity named `lead` (text fields, no required fields, no domain
/// rules' fields), for tests of the sync machinery itself (paging, cursors, group commit) that
/// must not depend on the CRM's rules.
public enum PlainSchema {
    public static let current = Schema(version: 1, entities: [
        EntitySchema("lead", fields: [
            FieldSchema("contact_name", .text(maximumLength: 64)),
            FieldSchema("mobile", .text(maximumLength: 64)),
            FieldSchema("intent_level", .text(maximumLength: 8)),
            FieldSchema("remark", .text(maximumLength: 2000)),
        ]),
    ])

    /// Fields the server writes on every new row, whatever the schema (`created_by`).
    public static let serverWritten: Set<String> = ["created_by"]
}
