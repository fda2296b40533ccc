import OutpostCore
import OutpostDomain

/// What a user's active roles grant together (DOMAIN §1.2, §2.8, §2.9): the union of their
/// data scopes and permissions and, per field, the most any of them allows. A role that does
/// not name a field leaves it writable, so a field stays hidden (or read-only) only when every
/// role of the user limits it. Pure.
struct RoleGrant: Hashable, Sendable {
    /// The ids of the active roles, sorted.
    let roleIDs: [String]
    /// The data scopes of the roles.
    let dataScopes: Set<DataScope>
    /// The permissions of the roles, such as `lead.delete`.
    let permissions: Set<String>
    /// Per entity and field, what the roles allow, for the fields they limit (below `write`).
    let fieldLevels: [EntityName: [FieldName: FieldAccess.Level]]

    /// The grant of `roles` (active role rows, by id); nil when there is none, where the
    /// user's position decides instead.
    init?(roles: [(id: String, row: RowState)]) {
        guard !roles.isEmpty else { return nil }
        roleIDs = roles.map(\.id).sorted()
        var scopes: Set<DataScope> = []
        var permissions: Set<String> = []
        var levelsByRole: [[FieldAccess: FieldAccess.Level]] = []
        var named: Set<FieldAccess> = []
        for (_, row) in roles {
            if let scope = row.values[FieldName("data_scope")]?.textValue.flatMap(DataScope.init(rawValue:)) { scopes.insert(scope) }
            for permission in row.values[FieldName("permissions")]?.listValue ?? [] {
                if let text = permission.textValue { permissions.insert(text) }
            }
            var levels: [FieldAccess: FieldAccess.Level] = [:]
            for entry in row.values[FieldName("field_access")]?.listValue ?? [] {
                guard let access = entry.textValue.flatMap(FieldAccess.init(parsing:)) else { continue }
                // The field alone, whatever the level: one role naming it twice keeps the stricter.
                let field = FieldAccess(entity: access.entity, field: access.field, level: .write)
                levels[field] = min(levels[field] ?? .write, access.level)
                named.insert(field)
            }
            levelsByRole.append(levels)
        }
        var fieldLevels: [EntityName: [FieldName: FieldAccess.Level]] = [:]
        for field in named {
            let level = levelsByRole.map { $0[field] ?? .write }.max() ?? .write
            if level < .write { fieldLevels[field.entity, default: [:]][field.field] = level }
        }
        self.dataScopes = scopes
        self.permissions = permissions
        self.fieldLevels = fieldLevels
    }

    /// A text that changes whenever anything read-relevant of the roles changes (which roles,
    /// their scopes, their field levels); part of the scope fingerprint.
    var fingerprintText: String {
        var text = "\nroles:" + roleIDs.joined(separator: ",")
        text += "\nscopes:" + dataScopes.map(\.rawValue).sorted().joined(separator: ",")
        for (entity, fields) in fieldLevels.sorted(by: { $0.key < $1.key }) {
            for (field, level) in fields.sorted(by: { $0.key < $1.key }) {
                text += "\n~\(entity.rawValue).\(field.rawValue)=\(level.rawValue)"
            }
        }
        return text
    }
}
