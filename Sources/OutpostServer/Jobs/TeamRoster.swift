import OutpostCore
import OutpostDomain

/// The people of a team as round-robin allocation sees them: status, weight,
/// position, and how many leads and customers each owns against their cap. Read through the
/// plan's workspace, so it counts what the plan has already assigned.
enum TeamRoster {
    /// The team's members, in user-id order.
    static func members(of team: RowID, in workspace: inout PlanWorkspace) -> [RoundRobinAllocation.Member] {
        workspace.rows(.user, where: FieldName("org_unit_id"), equals: .text(team.rawValue)).compactMap { id, row in
            guard !row.isDeleted else { return nil }
            return RoundRobinAllocation.Member(
                id: id.rawValue,
                isActive: row.values[FieldName("status")]?.textValue == "active",
                weight: Int(row.values[FieldName("allocation_weight")]?.integerValue ?? 0),
                position: row.values[FieldName("position")]?.textValue ?? "",
                ownedCount: ownedCount(of: UserID(id.rawValue), in: &workspace),
                maximumOwned: row.values[FieldName("max_owned_override")]?.integerValue.map(Int.init) ?? ClaimCommand.defaultOwnershipCap)
        }
    }

    /// The team's members with their allocation criteria and this month's count of quality
    /// leads allocated by criteria, in user-id order.
    static func candidates(of team: RowID, in workspace: inout PlanWorkspace) -> [CriteriaAllocation.Candidate] {
        let calendar = ClaimCommand.companyCalendar
        let month = calendar.day(of: workspace.serverNow)
        return members(of: team, in: &workspace).map { member in
            let row = workspace.row(RowKey(entity: .user, id: RowID(member.id)))
            func texts(_ field: String) -> [String] { row?.values[FieldName(field)]?.listValue?.compactMap(\.textValue) ?? [] }
            let assigned = workspace.rows(.ownershipEvent, where: FieldName("to_owner_id"), equals: .text(member.id)).filter { _, event in
                guard event.values[FieldName("action")]?.textValue == "allocate",
                      event.values[FieldName("reason")]?.textValue == LeadIngest.criteriaReason,
                      let time = event.values[FieldName("server_time")]?.integerValue else { return false }
                let day = calendar.day(of: time)
                return day.year == month.year && day.month == month.month
            }.count
            return CriteriaAllocation.Candidate(
                member: member, courseIDs: Set(texts("allocation_course_ids")), regionCodes: texts("allocation_region_codes"),
                grades: Set(texts("allocation_grades")), quota: row?.values[FieldName("allocation_quota")]?.integerValue.map(Int.init),
                assignedThisPeriod: assigned)
        }
    }

    /// Live leads and customers `user` owns.
    static func ownedCount(of user: UserID, in workspace: inout PlanWorkspace) -> Int {
        [EntityName.lead, .customer].reduce(0) { count, entity in
            count + workspace.rows(entity, where: FieldName("owner_id"), equals: .text(user.rawValue)).filter { !$0.row.isDeleted }.count
        }
    }

    /// The team a user belongs to: their org unit when it is a team.
    static func team(of user: UserID, in workspace: inout PlanWorkspace) -> RowID? {
        guard let unit = workspace.text(RowKey(entity: .user, id: RowID(user.rawValue)), "org_unit_id"),
              workspace.text(RowKey(entity: .orgUnit, id: RowID(unit)), "kind") == "team" else { return nil }
        return RowID(unit)
    }

    /// The branch an org unit belongs to: itself or the first `branch` above it.
    static func branch(of unit: RowID, in workspace: inout PlanWorkspace) -> RowID? {
        var current: RowID? = unit
        for _ in 0..<8 {
            guard let id = current, let row = workspace.row(RowKey(entity: .orgUnit, id: id)) else { return nil }
            if row.values[FieldName("kind")]?.textValue == "branch" { return id }
            current = row.values[FieldName("parent_id")]?.textValue.map { RowID($0) }
        }
        return nil
    }

    /// The team a branch's round-robin leads go to: its first active team in id order.
    static func firstTeam(of branch: RowID, in workspace: inout PlanWorkspace) -> RowID? {
        workspace.rows(.orgUnit, where: FieldName("parent_id"), equals: .text(branch.rawValue)).first { _, row in
            !row.isDeleted && row.values[FieldName("kind")]?.textValue == "team" && row.values[FieldName("status")]?.textValue == "active"
        }?.id
    }
}

extension Identifier where Kind == EntityKind {
    static var poolRule: EntityName { EntityName("pool_rule") }
}
