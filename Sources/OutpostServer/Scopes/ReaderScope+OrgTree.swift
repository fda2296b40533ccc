import OutpostCore
import OutpostDomain

extension ReaderScope {
    /// The branch a unit belongs to: the unit itself or its nearest `branch` ancestor.
    static func branchOf(unit: String, in workspace: inout PlanWorkspace) -> String? {
        OutpostSchema.OrgUnit.branch(of: unit) { workspace.row(RowKey(entity: .orgUnit, id: RowID($0))) }
    }

    /// Everyone who reports to `boss`, directly or not (the `reports_to` chain, R-8.1 c).
    static func subordinates(of boss: String, in workspace: inout PlanWorkspace) -> [String] {
        var found: [String] = []
        var seen: Set<String> = [boss]
        var frontier = [boss]
        for _ in 0..<6 where !frontier.isEmpty {
            var next: [String] = []
            for manager in frontier {
                for (id, _) in workspace.rows(.user, where: FieldName("reports_to_id"), equals: .text(manager)) where seen.insert(id.rawValue).inserted {
                    next.append(id.rawValue)
                    found.append(id.rawValue)
                }
            }
            frontier = next
        }
        return found
    }

    /// Of `users`, those whose unit lies in `branch`; all of them when `branch` is nil (a
    /// manager at head office).: another branch never receives a branch's rows, so a
    /// consultant moved to another branch leaves their old team lead's reach even while their
    /// `reports_to_id` still names them.
    static func keeping(_ users: [String], inBranch branch: String?, in workspace: inout PlanWorkspace) -> [String] {
        guard let branch else { return users }
        return users.filter { user in
            guard let unit = workspace.text(RowKey(entity: .user, id: RowID(user)), "org_unit_id") else { return false }
            return branchOf(unit: unit, in: &workspace) == branch
        }
    }

    /// Everyone whose org unit is `unit`.
    static func members(of unit: String, in workspace: inout PlanWorkspace) -> [String] {
        workspace.rows(.user, where: FieldName("org_unit_id"), equals: .text(unit)).map(\.id.rawValue)
    }

    /// `unit` and every unit below it (company → branch → campus → team), with each one's kind.
    static func subtree(of unit: String, in workspace: inout PlanWorkspace) -> [(id: String, kind: String?)] {
        guard let root = workspace.row(RowKey(entity: .orgUnit, id: RowID(unit))), !root.isDeleted else { return [] }
        var found: [(id: String, kind: String?)] = [(unit, root.values[FieldName("kind")]?.textValue)]
        var seen: Set<String> = [unit]
        var frontier = [unit]
        for _ in 0..<8 where !frontier.isEmpty {
            var next: [String] = []
            for parent in frontier {
                for (id, row) in workspace.rows(.orgUnit, where: FieldName("parent_id"), equals: .text(parent))
                where !row.isDeleted && seen.insert(id.rawValue).inserted {
                    next.append(id.rawValue)
                    found.append((id.rawValue, row.values[FieldName("kind")]?.textValue))
                }
            }
            frontier = next
        }
        return found
    }
}
