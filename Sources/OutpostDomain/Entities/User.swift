import OutpostCore

extension OutpostSchema {
    /// A member of staff (员工), replicated read-only to laptops (DOMAIN §1.2). Scope, role and
    /// status are server-owned: permissions are never granted offline. Only the fields DOMAIN
    /// lets people edit (name, mobile, employee number, allocation weight) merge.
    public enum User {
        /// What a user does (DOMAIN §1.2 `position`).
        public static let positions = [
            "course_consultant", "ground_sales", "team_lead", "branch_manager", "hq_admin",
            "marketing", "front_desk", "teacher", "finance",
        ]

        /// The entity's schema.
        public static let schema = EntitySchema("user", fields: [
            FieldSchema("name", .text(maximumLength: 64), required: true),
            FieldSchema("mobile", .formatted(.mainlandMobile), required: true, indexed: true),
            FieldSchema("employee_no", .text(maximumLength: 32)),
            FieldSchema("org_unit_id", reference("org_unit"), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("reports_to_id", reference("user"), policy: .serverOwned, indexed: true),
            FieldSchema("position", .enumeration(positions), required: true, policy: .serverOwned),
            FieldSchema("role_ids", references("role", maximumCount: 32), required: true, policy: .serverOwned),
            FieldSchema("status", .enumeration(["invited", "active", "on_leave", "disabled"]), required: true, policy: .serverOwned),
            FieldSchema("disabled_at", .timestamp, policy: .serverOwned),
            FieldSchema("allocation_weight", .integer(range: 0...100), required: true),
            FieldSchema("max_owned_override", .integer(range: 0...1_000_000), policy: .serverOwned),
            // Schema 7: how many customers the user may keep locked; none set, the default.
            FieldSchema("max_locked_override", .integer(range: 0...1_000_000), policy: .serverOwned),
            // Schema 5, allocation by criteria (R-5.3, DOMAIN §6 decision 2): quality leads go to
            // the member whose criteria match best; an empty criterion takes every lead.
            FieldSchema("allocation_course_ids", .list(of: .text(maximumLength: 64), maximumCount: 50), policy: .serverOwned),
            FieldSchema("allocation_region_codes", .list(of: .text(maximumLength: 12), maximumCount: 50), policy: .serverOwned),
            FieldSchema("allocation_grades", .list(of: .enumeration(["A", "B", "C", "D"]), maximumCount: 4), policy: .serverOwned),
            // Quality leads a month (指标); members who all have one share by how much of it is left.
            FieldSchema("allocation_quota", .integer(range: 1...100_000), policy: .serverOwned),
        ])
    }
}
