import OutpostCore
import OutpostDomain

extension ReaderScope {
    /// What the active roles named by a user row's `role_ids` grant together; nil when it
    /// names none that is active (an unknown, deleted or archived role counts for nothing).
    static func grant(of user: RowState, in workspace: inout PlanWorkspace) -> RoleGrant? {
        var roles: [(id: String, row: RowState)] = []
        for value in user.values[FieldName("role_ids")]?.listValue ?? [] {
            guard let id = value.textValue, let role = workspace.row(RowKey(entity: .role, id: RowID(id))),
                  !role.isDeleted, role.values[FieldName("status")]?.textValue == "active" else { continue }
            roles.append((id, role))
        }
        return RoleGrant(roles: roles)
    }

    /// The keys one data scope gives `user`, read and written alike (R-8.1 c):
    ///
    /// - `self`: none beyond the user's own;
    /// - `self_and_subordinates`: the owner key of everyone down the `reports_to` chain who
    ///   works in the user's branch (R-4.4; everyone for a user at head office);
    /// - `own_unit`: the owner key of everyone in the user's unit;
    /// - `unit_subtree`: the owner key of everyone in the unit's subtree (campuses and teams
    ///   included), `branch:B` for a branch unit in it, `all` for the company unit;
    /// - `company`: `all`.
    static func keys(of scope: DataScope, user: String, unit: String?, in workspace: inout PlanWorkspace) -> Set<ScopeKey> {
        switch scope {
        case .ownRecords:
            return []
        case .selfAndSubordinates:
            let branch = unit.flatMap { branchOf(unit: $0, in: &workspace) }
            return Set(keeping(subordinates(of: user, in: &workspace), inBranch: branch, in: &workspace).map(ScopeKey.owner))
        case .ownUnit:
            guard let unit else { return [] }
            return Set(members(of: unit, in: &workspace).map(ScopeKey.owner))
        case .unitSubtree:
            guard let unit else { return [] }
            var keys: Set<ScopeKey> = []
            for (id, kind) in subtree(of: unit, in: &workspace) {
                keys.formUnion(members(of: id, in: &workspace).map(ScopeKey.owner))
                if kind == "branch" { keys.insert(.branch(id)) }
                if kind == "company" { keys.insert(.everything) }
            }
            return keys
        case .company:
            return [.everything]
        }
    }
}
