import OutpostCore
import OutpostDomain

/// The nightly reclaim (R-6.1 to R-6.4, R-6.6), planned through the workspace like a push:
/// it reads the active pools with `auto_reclaim`, their rules and every privately owned lead
/// and customer of their branches, asks `ReclaimPolicy` which fire, and writes the effect as
/// server writes: `to_pool` clears the owner into the rule's pool, `reallocate` hands the
/// subject to another team member as ingest would (a quality lead by criteria, anything else
/// by round-robin); a customer's contacts follow its owner (`ContactOwners`, when the plan is
/// finished). Each move writes an OwnershipEvent (`reclaim_auto` or `reallocate`, with
/// `rule_id`) and an audit entry.
///
/// Owners of subjects a rule will take within the pool's `remind_days_before_reclaim` runs get
/// a `reclaim_warning` notification, once per subject and company day (R-6.5).
///
/// Runs at most once per rule and company day: the events carry the command id
/// `reclaim:<rule>:<day>`, and a subject that already has one for the day is left alone (a
/// reverted reclaim is not taken again the same night).
struct ReclaimJob {
    /// The company's days.
    let calendar: CompanyCalendar

    /// Plans the run into `workspace`; round-robin cursors move in `cursors` (team → last member served).
    func run(in workspace: inout PlanWorkspace, cursors: inout [String: String]) -> ReclaimReport {
        let now = workspace.serverNow
        let day = calendar.day(of: now).description
        let rules = activeRules(in: &workspace)
        let branches = Set(rules.map(\.branchID))
        var subjects: [ReclaimPolicy.Subject] = []
        for entity in [EntityName.lead, .customer] {
            for (id, row) in workspace.rows(entity, where: FieldName("pool_state"), equals: .text("private")) where !row.isDeleted {
                guard let owner = row.values[FieldName("owner_id")]?.textValue,
                      let branch = row.values[FieldName("branch_id")]?.textValue, branches.contains(branch) else { continue }
                let key = RowKey(entity: entity, id: id)
                let countsCheckIns = rules.contains { $0.branchID == branch && $0.checkInCountsAsFollowUp }
                subjects.append(ReclaimPolicy.Subject(
                    entity: entity.rawValue, id: id.rawValue, ownerID: owner, branchID: branch,
                    level: entity == .customer ? row.values[FieldName("level")]?.textValue : nil,
                    lastFollowUpAt: row.values[FieldName("last_followup_at")]?.integerValue,
                    lastOwnerCheckInAt: countsCheckIns ? lastCheckIn(on: key, by: owner, in: &workspace) : nil,
                    receivedAt: row.values[FieldName("received_at")]?.integerValue,
                    isWon: row.values[FieldName("deal_status")]?.textValue == "won",
                    hasOpenOpportunity: hasOpenOpportunity(key, in: &workspace),
                    isLocked: row.values[FieldName("locked")]?.boolValue == true))
            }
        }
        var moves: [ReclaimReport.Move] = []
        for decision in ReclaimPolicy.decisions(rules: rules, subjects: subjects, now: now, calendar: calendar) {
            let key = RowKey(entity: EntityName(decision.subject.entity), id: RowID(decision.subject.id))
            let commandID = "reclaim:\(decision.rule.id):\(day)"
            let done = workspace.rows(.ownershipEvent, where: FieldName("subject_id"), equals: .text(key.id.rawValue))
                .contains { $0.row.values[FieldName("command_id")]?.textValue == commandID }
            if done { continue }
            if let move = apply(decision, to: key, commandID: commandID, in: &workspace, cursors: &cursors) { moves.append(move) }
        }
        var warnings: [ReclaimReport.Warning] = []
        for reminder in ReclaimPolicy.reminders(rules: rules, subjects: subjects, now: now, calendar: calendar) {
            let subject = reminder.subject
            let key = RowKey(entity: EntityName(subject.entity), id: RowID(subject.id))
            let days = "on \(calendar.day(of: reminder.dueAt)) at 00:00 (in \(reminder.daysLeft) day\(reminder.daysLeft == 1 ? "" : "s"))"
            let written = Notifications.send(
                to: UserID(subject.ownerID), kind: "reclaim_warning", about: key, dueAt: reminder.dueAt,
                message: "Follow up on this \(subject.entity) or it goes back to the pool \(days): rule \(reminder.rule.basis.rawValue), more than \(reminder.rule.limitDays) days.",
                dedupKey: "reclaim_warning:\(reminder.rule.id):\(subject.entity):\(subject.id):\(day)", in: &workspace)
            if written {
                warnings.append(.init(entity: key.entity, id: key.id, owner: UserID(subject.ownerID), daysLeft: reminder.daysLeft))
            }
        }
        return ReclaimReport(day: day, moves: moves, warnings: warnings)
    }

    // MARK: - Private

    /// The rules of active pools with `auto_reclaim` on.
    private func activeRules(in workspace: inout PlanWorkspace) -> [ReclaimPolicy.Rule] {
        var rules: [ReclaimPolicy.Rule] = []
        for (poolID, pool) in workspace.rows(.pool, where: FieldName("status"), equals: .text("active")) where !pool.isDeleted {
            guard pool.values[FieldName("auto_reclaim")]?.boolValue == true,
                  let branch = pool.values[FieldName("branch_id")]?.textValue else { continue }
            let remindDays = pool.values[FieldName("remind_days_before_reclaim")]?.integerValue.map(Int.init)
            for (ruleID, rule) in workspace.rows(.poolRule, where: FieldName("pool_id"), equals: .text(poolID.rawValue)) where !rule.isDeleted {
                guard let basis = rule.values[FieldName("basis")]?.textValue.flatMap(ReclaimPolicy.Basis.init(rawValue:)),
                      let limit = rule.values[FieldName("limit_days")]?.integerValue else { continue }
                let level = rule.values[FieldName("level")]?.textValue
                rules.append(ReclaimPolicy.Rule(
                    id: ruleID.rawValue, poolID: poolID.rawValue, branchID: branch, basis: basis, limitDays: Int(limit),
                    level: level == "all" ? nil : level,
                    includeWon: rule.values[FieldName("include_won")]?.boolValue ?? false,
                    includeWithOpportunity: rule.values[FieldName("include_with_opportunity")]?.boolValue ?? false,
                    action: rule.values[FieldName("action")]?.textValue.flatMap(ReclaimPolicy.Action.init(rawValue:)) ?? .toPool,
                    checkInCountsAsFollowUp: rule.values[FieldName("checkin_counts_as_followup")]?.boolValue ?? false,
                    remindDaysBefore: remindDays))
            }
        }
        return rules
    }

    /// Whether an opportunity of the subject is open (a lead's by `source_lead_id`).
    private func hasOpenOpportunity(_ key: RowKey, in workspace: inout PlanWorkspace) -> Bool {
        let field = key.entity == .lead ? "source_lead_id" : "customer_id"
        return workspace.rows(.opportunity, where: FieldName(field), equals: .text(key.id.rawValue)).contains { _, row in
            !row.isDeleted && (row.values[FieldName("outcome")]?.textValue ?? "open") == "open"
        }
    }

    /// The owner's latest `arrive` check-in on the subject that was not voided, capped at its receipt (R-6.6, as
    /// `LastFollowUp` counts it: a fast clock cannot push the reclaim clock into the future).
    private func lastCheckIn(on key: RowKey, by owner: String, in workspace: inout PlanWorkspace) -> Int64? {
        workspace.rows(.checkIn, where: FieldName("subject_id"), equals: .text(key.id.rawValue)).compactMap { _, row -> Int64? in
            guard row.values[FieldName("subject_type")]?.textValue == key.entity.rawValue,
                  row.values[FieldName("kind")]?.textValue == "arrive", row.values[FieldName("user_id")]?.textValue == owner,
                  row.values[FieldName("voided_at")]?.integerValue == nil,
                  let occurredAt = row.values[FieldName("occurred_at")]?.integerValue else { return nil }
            return min(occurredAt, row.values[FieldName("received_at")]?.integerValue ?? occurredAt)
        }.max()
    }

    /// The next owner of a reallocated subject (R-6.4 "per R-5"): a quality lead by the
    /// members' criteria (R-5.3), anything else by turn (R-5.4); and the team's new cursor.
    private static func reallocation(of key: RowKey, among candidates: [CriteriaAllocation.Candidate], after cursor: String?,
                                     in workspace: inout PlanWorkspace) -> (assignee: String?, cursor: String?) {
        if key.entity == .lead, let row = workspace.row(key), case let lead = CriteriaAllocation.Lead(lead: row), lead.isQuality {
            let allocation = CriteriaAllocation.allocate([lead], among: candidates, after: cursor)
            return (allocation.assignees.first ?? nil, allocation.cursor)
        }
        let allocation = RoundRobinAllocation.allocate(count: 1, members: candidates.map(\.member), after: cursor)
        return (allocation.assignees.first ?? nil, allocation.cursor)
    }

    /// Writes one decision's effect (R-6.4).
    private func apply(_ decision: ReclaimPolicy.Decision, to key: RowKey, commandID: String,
                       in workspace: inout PlanWorkspace, cursors: inout [String: String]) -> ReclaimReport.Move? {
        let owner = decision.subject.ownerID
        var move = ReclaimReport.Move(entity: key.entity, id: key.id, fromOwner: UserID(owner), toOwner: nil,
                                      ruleID: RowID(decision.rule.id), poolID: RowID(decision.rule.poolID), days: decision.days)
        let action: String
        switch decision.rule.action {
        case .toPool:
            action = "reclaim_auto"
            workspace.serverWrite(key, [
                "previous_owner_id": .text(owner), "owner_id": .null, "pool_state": .text("public"),
                "pool_entered_at": .integer(workspace.serverNow), "pool_id": .text(decision.rule.poolID),
            ])
            RecordShares.endAll(on: key, in: &workspace)
        case .reallocate:
            // R-6.4: among eligible team members, excluding the current owner.
            guard let team = TeamRoster.team(of: UserID(owner), in: &workspace) else { return nil }
            let candidates = TeamRoster.candidates(of: team, in: &workspace).filter { $0.member.id != owner }
            let (assignee, cursor) = Self.reallocation(of: key, among: candidates, after: cursors[team.rawValue], in: &workspace)
            guard let next = assignee else { return nil }
            cursors[team.rawValue] = cursor
            action = "reallocate"
            move.toOwner = UserID(next)
            workspace.serverWrite(key, [
                "previous_owner_id": .text(owner), "owner_id": .text(next), "pool_state": .text("private"),
                "received_at": .integer(workspace.serverNow),
            ])
        }
        let reason = "\(decision.rule.basis.rawValue): \(decision.days) days > \(decision.rule.limitDays)"
        workspace.append(.ownershipEvent, [
            "subject_type": .text(key.entity.rawValue), "subject_id": .text(key.id.rawValue), "action": .text(action),
            "from_owner_id": .text(owner), "to_owner_id": move.toOwner.map { .text($0.rawValue) } ?? .null,
            "pool_id": .text(decision.rule.poolID), "rule_id": .text(decision.rule.id), "actor_id": .null,
            "command_id": .text(commandID), "reason": .text(reason), "server_time": .integer(workspace.serverNow),
        ])
        workspace.append(.auditLog, [
            "actor_id": .text(PlanWorkspace.system.rawValue), "device_id": .text(PlanWorkspace.serverDevice.rawValue),
            "action": .text("reclaim"), "entity_type": .text(key.entity.rawValue), "entity_ids": .list([.text(key.id.rawValue)]),
            // `{"owner_id": …}` as every other audited change names its field (commands.md §4; round 33: bare values).
            "before": .text(FieldValue.object(["owner_id": .text(owner)]).jsonText),
            "after": .text(FieldValue.object(["owner_id": move.toOwner.map { .text($0.rawValue) } ?? .null]).jsonText),
            "occurred_at": .integer(workspace.serverNow), "received_at": .integer(workspace.serverNow), "result": .text("ok"),
            "reason": .text(reason), "command_id": .text(commandID),
        ])
        return move
    }
}
