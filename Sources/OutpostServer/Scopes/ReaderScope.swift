import OutpostCore
import OutpostDomain

/// What one user may see and change (R-8.1, DOMAIN §2.9), as scope keys:
///
/// - everyone reads `org`, and reads and writes `owner:self` and `member:self`, reads `reader:self`;
/// - salespeople, team leads and branch managers read their branch's `pool` (hidden fields removed);
/// - a user with active roles (`user.role_ids`) reads and writes what the union of the roles'
///   data scopes covers (`ReaderScope+Roles`), sees no field every role hides and writes no
///   field every role limits;
/// - a user without roles gets their position's defaults: a team lead reads and writes the
///   records of the people who report to them (transitively) and of their team; a branch
///   manager `branch:B`; head office `all`.
///
/// A store resolves it from the `user`, `role`, `org_unit` and `pool` rows before a pull or a push.
struct ReaderScope: Hashable, Sendable {
    /// The user.
    let user: UserID
    /// The user's position (`course_consultant`, `team_lead`, …), nil without a user row.
    let position: String?
    /// The keys whose rows the user receives.
    let readKeys: Set<ScopeKey>
    /// The keys whose rows the user may change.
    let writeKeys: Set<ScopeKey>
    /// Per pool key, the fields removed from rows delivered only through it.
    let hiddenFields: [ScopeKey: Set<FieldName>]
    /// What the user's active roles grant; nil without roles (the position decides).
    let grant: RoleGrant?
    /// What the user may do beyond editing (`lead.delete`, …): the roles' permissions, or
    /// without roles the position's defaults (`CommandPermission.positionDefaults`).
    let permissions: Set<String>
    /// Whether the user's row says `disabled`: read with the scope, in the push's own
    /// transaction, so a push and the user's disabling cannot pass each other.
    let userIsDisabled: Bool

    /// Positions that sell and so see their branch's pool.
    static let poolPositions: Set<String> = ["course_consultant", "ground_sales", "team_lead", "branch_manager"]
    /// Positions whose holders may change other people's records within their scope.
    static let managerPositions: Set<String> = ["team_lead", "branch_manager", "hq_admin"]
    /// How many load-and-resolve rounds a store allows (the unit chain, the unit tree and the
    /// reporting chain are read a level per round).
    static let maximumRounds = 24

    /// Whether the user may change a row carrying `keys`.
    func mayWrite(_ keys: Set<ScopeKey>) -> Bool { !writeKeys.isDisjoint(with: keys) }

    /// Whether the user receives a row carrying `keys`.
    func mayRead(_ keys: Set<ScopeKey>) -> Bool { !readKeys.isDisjoint(with: keys) }

    /// Whether the user receives `field` of a row of `entity` carrying `keys`: through a key
    /// they read, the field not hidden by their roles, and not hidden by every pool key they
    /// read it through (only pool keys hide fields).
    func mayRead(_ field: FieldName, of entity: EntityName, carrying keys: Set<ScopeKey>) -> Bool {
        let readable = keys.intersection(readKeys)
        guard !readable.isEmpty, !fieldsHidden(in: entity).contains(field) else { return false }
        return readable.contains { !(hiddenFields[$0]?.contains(field) ?? false) }
    }

    /// What the user's roles allow with `field` of `entity`: `write` unless every role limits it.
    func access(to field: FieldName, of entity: EntityName) -> FieldAccess.Level {
        grant?.fieldLevels[entity]?[field] ?? .write
    }

    /// The fields of `entity` the user's roles hide: they never leave the server for this user.
    func fieldsHidden(in entity: EntityName) -> Set<FieldName> {
        Set((grant?.fieldLevels[entity] ?? [:]).filter { $0.value == .hidden }.keys)
    }

    /// A short text that changes whenever what the user may read changes (keys, pool hidden
    /// fields, roles with their scopes and field access); pull cursors carry it, and a cursor
    /// made under another scope restarts the pull.
    var fingerprint: String {
        var text = readKeys.map(\.rawValue).sorted().joined(separator: "\n")
        for (key, fields) in hiddenFields.sorted(by: { $0.key < $1.key }) {
            text += "\n-" + key.rawValue + ":" + fields.map(\.rawValue).sorted().joined(separator: ",")
        }
        text += grant?.fingerprintText ?? ""
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 36)
    }

    /// Resolves the scope of `user` from the rows `workspace` reads; nil while it still lacks
    /// rows (see `workspace.needs`), and a scope of the user's own records when the user has
    /// no `user` row.
    static func resolve(_ user: UserID, in workspace: inout PlanWorkspace) -> ReaderScope? {
        let me = user.rawValue
        var read: Set<ScopeKey> = [.organisation, .owner(me), .member(me), .reader(me)]
        var write: Set<ScopeKey> = [.owner(me), .member(me)]
        var hidden: [ScopeKey: Set<FieldName>] = [:]
        let row = workspace.row(RowKey(entity: .user, id: RowID(me)))
        guard workspace.needs.isEmpty else { return nil }
        let disabled = row?.values[FieldName("status")]?.textValue == UserStatus.disabled
        guard let row, !row.isDeleted else {
            return ReaderScope(user: user, position: nil, readKeys: read, writeKeys: write, hiddenFields: [:], grant: nil, permissions: [],
                               userIsDisabled: disabled)
        }
        let position = row.values[FieldName("position")]?.textValue
        let unit = row.values[FieldName("org_unit_id")]?.textValue
        let branch = unit.flatMap { branchOf(unit: $0, in: &workspace) }
        let grant = grant(of: row, in: &workspace)
        if let grant {
            for scope in grant.dataScopes {
                let keys = keys(of: scope, user: me, unit: unit, in: &workspace)
                read.formUnion(keys)
                write.formUnion(keys)
            }
        } else {
            let keys = positionKeys(of: position, user: me, unit: unit, branch: branch, in: &workspace)
            read.formUnion(keys)
            write.formUnion(keys)
        }
        if let branch, poolPositions.contains(position ?? "") {
            read.insert(.pool(branch))
            var fields: Set<FieldName> = []
            for (_, pool) in workspace.rows(.pool, where: FieldName("branch_id"), equals: .text(branch)) where !pool.isDeleted {
                for field in pool.values[FieldName("hidden_fields")]?.listValue ?? [] {
                    if let name = field.textValue { fields.insert(FieldName(name)) }
                }
            }
            if !fields.isEmpty { hidden[.pool(branch)] = fields }
        }
        guard workspace.needs.isEmpty else { return nil }
        return ReaderScope(user: user, position: position, readKeys: read, writeKeys: write, hiddenFields: hidden, grant: grant,
                           permissions: permissions(granted: grant, position: position), userIsDisabled: disabled)
    }

    /// The permissions of `user` (`lead.delete`, …), read from the rows `workspace` holds
    /// (the user row and its roles) without the rest of their scope; nil while it still lacks
    /// rows (see `workspace.needs`), none for a user with no live `user` row.
    static func permissions(of user: UserID, in workspace: inout PlanWorkspace) -> Set<String>? {
        let row = workspace.row(RowKey(entity: .user, id: RowID(user.rawValue)))
        guard workspace.needs.isEmpty else { return nil }
        guard let row, !row.isDeleted else { return [] }
        let grant = grant(of: row, in: &workspace)
        guard workspace.needs.isEmpty else { return nil }
        return permissions(granted: grant, position: row.values[FieldName("position")]?.textValue)
    }

    // MARK: - Private

    /// The roles' permissions, or for a user without roles those of their position.
    private static func permissions(granted grant: RoleGrant?, position: String?) -> Set<String> {
        grant?.permissions ?? CommandPermission.positionDefaults[position ?? ""] ?? []
    }

    /// The keys a position gives a user without roles, read and written alike.
    private static func positionKeys(of position: String?, user me: String, unit: String?, branch: String?,
                                     in workspace: inout PlanWorkspace) -> Set<ScopeKey> {
        switch position {
        case "hq_admin":
            return [.everything]
        case "branch_manager":
            return branch.map { [.branch($0)] } ?? []
        case "team_lead":
            // Everyone who reports to them, directly or not, and everyone in their own unit.
            var team = Set(keeping(subordinates(of: me, in: &workspace), inBranch: branch, in: &workspace))
            if let unit { team.formUnion(members(of: unit, in: &workspace)) }
            team.remove(me)
            return Set(team.map(ScopeKey.owner))
        default:
            return []
        }
    }
}

extension Identifier where Kind == EntityKind {
    static var orgUnit: EntityName { EntityName("org_unit") }
    static var role: EntityName { EntityName("role") }
}
