import OutpostCore

extension OutpostSchema {
    /// An org unit (组织单元): company → branch → campus → team (DOMAIN §1.1). Its structure
    /// changes only by admin commands (`move_unit`, archive), so only cosmetic fields merge.
    public enum OrgUnit {
        /// The entity's schema.
        public static let schema = EntitySchema("org_unit", fields: [
            FieldSchema("parent_id", reference("org_unit"), policy: .serverOwned, indexed: true),
            FieldSchema("kind", .enumeration(["company", "branch", "campus", "team"]), required: true, policy: .serverOwned),
            FieldSchema("name", .text(maximumLength: 64), required: true),
            FieldSchema("code", .text(maximumLength: 32)),
            FieldSchema("region_codes", .tagSet(maximumTags: 500), policy: .addWinsSet),
            FieldSchema("manager_user_id", reference("user"), policy: .serverOwned),
            FieldSchema("timezone", .text(maximumLength: 64), required: true),
            // Address and point as one register: lat, lon and system never mix (§3.2).
            FieldSchema("campus_geo", .composite(pointMembers.merging(["address": .text(maximumLength: 256)]) { $1 })),
            FieldSchema("sort_order", .integer(range: 0...1_000_000)),
            FieldSchema("status", .enumeration(["active", "archived"]), required: true, policy: .serverOwned),
            FieldSchema("path", .text(maximumLength: 1024), required: true, policy: .serverOwned),
        ])
    }
}
