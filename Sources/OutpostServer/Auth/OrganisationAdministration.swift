import Foundation
import OutpostCore
import OutpostDomain

/// What an administrator does to the organisation (`outpost-server units add`, `roles add`):
/// each is a server write of an `org_unit` or `role` row, so replicas pull it. Input is
/// checked first, and a refusal says what to pass instead.
public struct OrganisationAdministration: Sendable {
    let store: any ChangeStore
    let schema: Schema
    let now: @Sendable () -> Int64

    /// Creates the administration of `store`'s organisation, whose rows follow `schema`.
    public init(store: any ChangeStore, schema: Schema, now: @escaping @Sendable () -> Int64) {
        self.store = store
        self.schema = schema
        self.now = now
    }

    /// Where the commands come from, as their audit entries name it (`UserAdministration.commandSource`).
    public var commandSource = "outpost-server"

    /// A new org unit as `units add` takes it.
    public struct NewUnit: Sendable {
        /// The unit id, such as `ou-hd-campus`.
        public var id: String
        /// The display name.
        public var name: String
        /// `company`, `branch`, `campus` or `team`.
        public var kind: String
        /// The parent unit's id; nil only for the company.
        public var parent: String?
        /// The IANA time zone that defines the unit's day.
        public var timezone: String

        /// Creates a new unit.
        public init(id: String, name: String, kind: String, parent: String?, timezone: String = "Asia/Shanghai") {
            self.id = id
            self.name = name
            self.kind = kind
            self.parent = parent
            self.timezone = timezone
        }
    }

    /// A new role as `roles add` takes it.
    public struct NewRole: Sendable {
        /// The role id, such as `role-campus-head`.
        public var id: String
        /// The display name.
        public var name: String
        /// One of `DataScope`'s words.
        public var dataScope: String
        /// Permissions, such as `lead.delete`.
        public var permissions: [String]
        /// `entity.field=hidden|read|write` entries.
        public var fieldAccess: [String]

        /// Creates a new role.
        public init(id: String, name: String, dataScope: String, permissions: [String] = [], fieldAccess: [String] = []) {
            self.id = id
            self.name = name
            self.dataScope = dataScope
            self.permissions = permissions
            self.fieldAccess = fieldAccess
        }
    }

    /// The unit kinds, from the top of the tree down.
    public static let unitKinds = ["company", "branch", "campus", "team"]

    /// Writes the unit's row (active), with its `path` below its parent's, audited as a
    /// `field_change` of the unit.
    /// - Throws: `AdministrationError.unknownUnitKind`, `.invalidID`, `.unitExists`, `.blankName`,
    ///   `.unknownTimeZone`, `.parentRequired`, `.unknownUnit` (the parent),
    ///   `.parentKindMismatch`; `SeedError` for a value that does not fit.
    public func add(_ unit: NewUnit) async throws {
        guard Self.unitKinds.contains(unit.kind) else { throw AdministrationError.unknownUnitKind(unit.kind) }
        guard RowID(unit.id).isWellFormed else { throw AdministrationError.invalidID(unit.id) }
        guard try await store.storedRow(RowID(unit.id), of: .orgUnit) == nil else { throw AdministrationError.unitExists(unit.id) }
        guard !unit.name.allSatisfy(\.isWhitespace) else { throw AdministrationError.blankName }
        guard TimeZone(identifier: unit.timezone) != nil else { throw AdministrationError.unknownTimeZone(unit.timezone) }
        var path = "/" + unit.id
        var values: [String: FieldValue] = [
            "name": .text(unit.name), "kind": .text(unit.kind), "timezone": .text(unit.timezone), "status": .text("active"),
        ]
        if unit.kind != "company" {
            guard let parent = unit.parent else { throw AdministrationError.parentRequired(kind: unit.kind) }
            guard let row = try await store.storedRow(RowID(parent), of: .orgUnit), !row.isDeleted else {
                throw AdministrationError.unknownUnit(parent)
            }
            let parentKind = row.values[FieldName("kind")]?.textValue ?? ""
            guard let above = Self.unitKinds.firstIndex(of: parentKind), above < Self.unitKinds.firstIndex(of: unit.kind)! else {
                throw AdministrationError.parentKindMismatch(kind: unit.kind, parent: parent, parentKind: parentKind)
            }
            path = (row.values[FieldName("path")]?.textValue ?? "/" + parent) + path
            values["parent_id"] = .text(parent)
        }
        values["path"] = .text(path)
        let now = now()
        try await store.seed([SeedRow(entity: .orgUnit, id: RowID(unit.id), values: values)], serverNow: now)
        try await store.record([audit(.orgUnit, RowID(unit.id), "added: kind=\(unit.kind) parent_id=\(unit.parent ?? "none")")], now: now)
    }

    /// Writes the role's row (active), once its data scope and field access pass the role's
    /// row rules, audited as a `field_change` of the role.
    /// - Throws: `AdministrationError.invalidID`, `.roleExists`, `.unknownPermission`, `.invalidRole` (naming the rule's code and
    ///   what to write); `SeedError` for a value that does not fit.
    public func add(_ role: NewRole) async throws {
        guard RowID(role.id).isWellFormed else { throw AdministrationError.invalidID(role.id) }
        guard try await store.storedRow(RowID(role.id), of: .role) == nil else { throw AdministrationError.roleExists(role.id) }
        if let unknown = role.permissions.first(where: { !RolePermissions.known.contains($0) }) {
            throw AdministrationError.unknownPermission(unknown)
        }
        let values: [String: FieldValue] = [
            "name": .text(role.name), "data_scope": .text(role.dataScope), "status": .text("active"),
            "permissions": .list(role.permissions.map(FieldValue.text)), "field_access": .list(role.fieldAccess.map(FieldValue.text)),
        ]
        if let entity = schema.entity(.role),
           let problem = entity.problems(in: Dictionary(uniqueKeysWithValues: values.map { (FieldName($0.key), $0.value) }), isNew: true).first {
            throw AdministrationError.invalidRole(code: problem.code, message: problem.message)
        }
        let now = now()
        try await store.seed([SeedRow(entity: .role, id: RowID(role.id), values: values)], serverNow: now)
        let grants = role.permissions.isEmpty ? "" : " permissions=" + role.permissions.joined(separator: ",")
        try await store.record([audit(.role, RowID(role.id), "added: data_scope=\(role.dataScope)" + grants)], now: now)
    }

    /// The audit entry of an administrator's change to `entity`'s row `id` (`field_change`).
    func audit(_ entity: EntityName, _ id: RowID, _ reason: String) -> IdentityAudit {
        var event = IdentityAudit(.fieldChange, actor: IdentityAudit.administrator, device: String(commandSource.prefix(128)), subject: nil,
                                  reason: reason, clientAddress: "local")
        event.otherSubject = (entity, id)
        return event
    }
}
