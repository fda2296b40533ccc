import OutpostCore

extension OutpostSchema {
    /// A role (角色): whose records its holders see (`data_scope`), what they may do
    /// (`permissions`, such as `lead.delete`) and what they may do with single fields
    /// (`field_access`) (DOMAIN §1.2, §2.8, §2.9). Admin-only and never edited offline: every
    /// field is server-owned. A user names their roles in `user.role_ids`.
    public enum Role {
        /// The entity's schema, with a row rule per field whose words the type cannot check.
        public static let schema: EntitySchema = EntitySchema("role", fields: [
            FieldSchema("name", .text(maximumLength: 64), required: true, policy: .serverOwned),
            FieldSchema("data_scope", .text(maximumLength: 32), required: true, policy: .serverOwned),
            FieldSchema("permissions", .list(of: .text(maximumLength: 64), maximumCount: 100), policy: .serverOwned),
            FieldSchema("field_access", .list(of: .text(maximumLength: 160), maximumCount: 500), policy: .serverOwned),
            FieldSchema("status", .enumeration(["active", "archived"]), required: true, policy: .serverOwned),
        ], rowRules: [knownDataScope, wellFormedFieldAccess])

        /// `data_scope` is one of `DataScope`'s words (`role.unknown_data_scope`).
        static let knownDataScope: RowRule = RowRule("known_data_scope") { row in
            guard let scope = row.text("data_scope"), DataScope(rawValue: scope) == nil else { return [] }
            return [RowProblem(code: DataScope.unknownCode, field: FieldName("data_scope"),
                               message: "'\(scope)' is not a data scope. Use one of " + DataScope.words.joined(separator: ", ") + ".")]
        }

        /// Every `field_access` entry reads `entity.field=hidden|read|write` and names a field
        /// of the schema (`role.invalid_field_access`).
        static let wellFormedFieldAccess: RowRule = RowRule("well_formed_field_access") { row in
            for entry in row["field_access"]?.listValue ?? [] {
                let text = entry.textValue ?? "\(entry)"
                guard let access = FieldAccess(parsing: text) else {
                    return [RowProblem(code: FieldAccess.invalidCode, field: FieldName("field_access"),
                                       message: "'\(text)' is not a field access entry. Write entity.field=hidden, read or write, for example lead.mobile=hidden.")]
                }
                // Read when the rule runs, not while the schema is being declared.
                guard OutpostSchema.current.entity(access.entity)?.field(access.field) != nil else {
                    return [RowProblem(code: FieldAccess.invalidCode, field: FieldName("field_access"),
                                       message: "'\(text)' names no field of the schema: there is no \(access.entity).\(access.field).")]
                }
            }
            return []
        }
    }
}
