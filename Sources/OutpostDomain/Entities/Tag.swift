import OutpostCore

extension OutpostSchema {
    /// A tag of the admin-managed catalogue (标签, DOMAIN §1.13). Assigning tags is the
    /// `tags` observed-remove set on a lead, customer or contact, not a row here.
    public enum Tag {
        /// The entity's schema (last-writer-wins, admins only; a deleted tag is a tombstone).
        public static let schema = EntitySchema("tag", fields: [
            FieldSchema("name", .text(maximumLength: 32), required: true),
            FieldSchema("group", .text(maximumLength: 32)),
            FieldSchema("color", .text(maximumLength: 16)),
            FieldSchema("kind", .enumeration(["manual", "system"]), required: true),
            FieldSchema("status", .enumeration(["active", "archived"]), required: true),
        ])
    }
}
