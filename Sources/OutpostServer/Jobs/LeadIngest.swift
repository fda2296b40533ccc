import OutpostCore
import OutpostProtocol
import OutpostDomain

/// Places leads ingested at head office (R-4.2, R-4.3, R-5.1 to R-5.4), planned through
/// the workspace like a push: a referral goes to the referrer customer's branch and to that
/// customer's owner while they are active there, else to the owner's team lead to assign by
/// hand, with a notification (the round-robin cursor stays put); a lead with a team is
/// allocated in it; any other lead is routed by region to a branch (`LeadRouting`) and
/// allocated in the branch's first team. In a team, leads are taken in the batch's order:
/// a quality lead (graded A or B once scored) by the members' criteria and quotas
/// (`CriteriaAllocation`), a general one (C) by round-robin (`RoundRobinAllocation`), both
/// moving the team's one cursor; a nurture lead (D, R-3.2) is not allocated and waits in its
/// branch's public pool to be claimed; what no branch or nobody eligible takes waits unassigned. Writes OwnershipEvents `distribute` (to a
/// branch) and `allocate` (to a person) and one `bulk_import` audit entry. A lead whose mobile
/// the company already knows follows R-2.2 first (`IngestDuplicates`): it touches the record
/// that holds the number, or an older lead takes its place and is placed in its stead.
struct LeadIngest {
    /// The `reason` of an `allocate` OwnershipEvent of a quality lead taken by a member's
    /// criteria; a month's count of these is what `allocation_quota` is measured against.
    static let criteriaReason = "criteria"

    /// How many refused leads an answer lists (a purchased list can hold thousands of bad rows).
    static let listedProblems = 200

    /// Positions that may ingest (head office admins, marketing, branch managers).
    static let allowedPositions: Set<String> = ["hq_admin", "marketing", "branch_manager"]

    let schema: Schema

    /// Plans the leads (each with its id) into `workspace`; team cursors move in `cursors`.
    /// - Returns: the placements, or the first refusal (`ServerError.ingestRefused`).
    func run(_ leads: [(id: RowID, lead: IngestLead)], actor: UserID, in workspace: inout PlanWorkspace,
             cursors: inout [String: String]) -> Result<IngestReport, ServerError> {
        let position = workspace.text(RowKey(entity: .user, id: RowID(actor.rawValue)), "position")
        guard let position, Self.allowedPositions.contains(position) else {
            return .failure(.ingestRefused(code: .ingestPositionNotAllowed,
                                           detail: "Only head office admins, marketing and branch managers ingest leads (you are \(position ?? "not a known user")); ask one of them."))
        }
        let branches = workspace.rows(.orgUnit, where: FieldName("kind"), equals: .text("branch")).filter { !$0.row.isDeleted }.map { id, row in
            LeadRouting.Branch(id: id.rawValue, regionCodes: Self.codes(row.values[FieldName("region_codes")]))
        }
        let headOffice = workspace.rows(.orgUnit, where: FieldName("kind"), equals: .text("company")).first?.id
        // A branch manager places leads in their own branch only (R-4.4); head office and
        // marketing place them anywhere.
        let ownBranch = position == "branch_manager" ? RowCreation.branch(of: actor, in: &workspace).textValue.map { RowID($0) } : nil
        func outsideOwnBranch(_ branch: RowID?, lead number: Int, because reason: String) -> (code: ErrorCode, detail: String)? {
            guard let ownBranch, let branch, branch != ownBranch else { return nil }
            return (code: .ingestOutsideBranch,
                    detail: "Lead \(number): \(reason) branch '\(branch.rawValue)'; a branch manager ingests into their own branch ('\(ownBranch.rawValue)') "
                        + "only (R-4.4). Pass a team of it, or ask head office to ingest this lead.")
        }
        var placements: [IngestReport.Placement] = []
        var values: [RowID: [String: FieldValue]] = [:]
        var roundRobin: [(team: RowID, lead: Int)] = []
        // Referrals whose consultant is gone, held by that consultant's team lead: lead → (consultant, referrer).
        var queued: [RowID: (consultant: String, referrer: String)] = [:]
        // Older leads that take a new lead's place (R-2.2 case 3), with the values they take.
        var overrides: [RowID: [String: FieldValue]] = [:]
        var batchIDs: [RowID: Int] = [:]
        // Every lead is checked before any is placed: one answer lists every lead to fix.
        var problems: [(code: ErrorCode, detail: String)] = []
        var batchMobiles: [String: Int] = [:]
        leads: for (number, (newID, lead)) in zip(1..., leads) {
            if let first = batchIDs.updateValue(number, forKey: newID) {
                // Placing both would write the second over the first: refused, nothing lost.
                problems.append((code: .ingestDuplicateID,
                                detail: "Lead \(number) has the id '\(newID.rawValue)' of lead \(first); give each lead its own id, or leave the id out."))
                continue leads
            }
            var id = newID
            if workspace.row(RowKey(entity: .lead, id: id)) != nil {
                placements.append(.init(id: id, route: .existing, branchID: nil, ownerID: nil))
                continue
            }
            var checked: [String: FieldValue] = [:]
            for (field, value) in lead.values.sorted(by: { $0.key < $1.key }) {
                // Placement, scoring and the pool are the ingest's to decide: a value for them is
                // refused, not quietly dropped.
                if schema.entity(.lead)?.field(FieldName(field))?.policy.name == MergePolicy.serverOwned.name {
                    problems.append((code: ErrorCode(rawValue: ChangeRejection.serverOwnedField.code),
                                    detail: "Lead \(number): '\(field)' is set by the server (placement, scoring, the pool); leave it out."))
                    continue leads
                }
                do {
                    checked[field] = try schema.validate(entity: .lead, field: FieldName(field), value: value).value
                } catch {
                    problems.append((code: .ingestInvalidValue,
                                    detail: "Lead \(number): " + error.message(entity: .lead, field: FieldName(field))))
                    continue leads
                }
            }
            // R-1.1, as for a lead typed on a laptop: a name, a source, a way to reach them.
            let row = Dictionary(uniqueKeysWithValues: checked.map { (FieldName($0.key), $0.value) })
            if let problem = schema.entity(.lead)?.problems(in: row, isNew: true).first {
                problems.append((code: ErrorCode(rawValue: problem.code), detail: "Lead \(number): \(problem.message)"))
                continue leads
            }
            if let referrer = checked["referrer_customer_id"]?.textValue {
                let key = RowKey(entity: .customer, id: RowID(referrer))
                let customer = workspace.row(key)
                // Not loaded yet: the next planning round decides.
                if (customer == nil || customer?.isDeleted == true), workspace.snapshot.stored(key) != nil {
                    problems.append((code: .ingestInvalidValue,
                                    detail: "Lead \(number): referrer_customer_id '\(referrer)' names no customer; pass the id of the customer who referred them, or leave it out."))
                    continue leads
                }
            }
            // R-2.1 within the file too: one family, one lead (the rows are not in the store yet).
            if let mobile = checked["mobile"]?.textValue {
                if let earlier = batchMobiles.updateValue(number, forKey: mobile) {
                    problems.append((code: .ingestDuplicateMobile,
                                     detail: "Lead \(number) has the mobile number of lead \(earlier) (R-2.1: one family, one lead); keep one of them, with what the other adds."))
                    continue leads
                }
            }
            // Where the lead is routed by region: its own district, or the one of the older
            // lead it replaces when it brings none (R-4.2: that lead's territory is known).
            var routingAddress = checked["address"]
            switch IngestDuplicates.outcome(for: checked, in: &workspace) {
            case .touch(let record)?:
                IngestDuplicates.touch(record, with: checked, actor: actor, in: &workspace)
                placements.append(.init(id: record.id, route: .touched, branchID: workspace.text(record, "branch_id").map { RowID($0) },
                                        ownerID: workspace.text(record, "owner_id").map { UserID($0) }))
                continue
            case .override(let older)?:
                overrides[older.id] = IngestDuplicates.override(older, with: checked, actor: actor, in: &workspace)
                id = older.id
                if (routingAddress ?? .null) == .null { routingAddress = workspace.row(older)?.values[FieldName("address")] }
            case nil:
                values[id] = checked
            }
            if let team = lead.teamID {
                guard workspace.text(RowKey(entity: .orgUnit, id: team), "kind") == "team" else {
                    problems.append((code: .ingestUnknownTeam,
                                    detail: "Lead \(number): there is no team '\(team)'; pass the id of a team org unit, or no team to route by region."))
                    continue leads
                }
                let branch = TeamRoster.branch(of: team, in: &workspace)
                if let outside = outsideOwnBranch(branch, lead: number, because: "team '\(team.rawValue)' is in") {
                    problems.append(outside)
                    continue leads
                }
                placements.append(.init(id: id, route: .team, branchID: branch, ownerID: nil))
                roundRobin.append((team, placements.count - 1))
                continue
            }
            if checked["source_channel"]?.textValue == "referral", let referrer = checked["referrer_customer_id"]?.textValue,
               let customer = workspace.row(RowKey(entity: .customer, id: RowID(referrer))), !customer.isDeleted {
                let branch = customer.values[FieldName("branch_id")]?.textValue.map { RowID($0) }
                let owner = customer.values[FieldName("owner_id")]?.textValue
                if let outside = outsideOwnBranch(branch, lead: number, because: "its referrer is a customer of") {
                    problems.append(outside)
                    continue leads
                }
                let referral = Self.referralOwner(owner, branch: branch, in: &workspace)
                placements.append(.init(id: id, route: referral == nil ? .unassigned : .referral, branchID: branch,
                                        ownerID: referral.map { UserID($0.owner) }))
                if let referral, referral.owner != owner, let owner { queued[id] = (owner, referrer) }
                continue
            }
            let district = routingAddress?.objectValue?["district_code"]?.textValue
            guard let branch = LeadRouting.branch(districtCode: district, cityCode: lead.cityCode, among: branches).map({ RowID($0) }) else {
                placements.append(.init(id: id, route: .unassigned, branchID: headOffice, ownerID: nil))
                continue
            }
            if let outside = outsideOwnBranch(branch, lead: number, because: "its district lies in the territory of") {
                problems.append(outside)
                continue leads
            }
            placements.append(.init(id: id, route: .region, branchID: branch, ownerID: nil))
            if let team = TeamRoster.firstTeam(of: branch, in: &workspace) { roundRobin.append((team, placements.count - 1)) }
        }
        if let first = problems.first {
            let detail = problems.count == 1 ? first.detail
                : "\(problems.count) leads cannot be ingested:\n" + problems.prefix(Self.listedProblems).map(\.detail).joined(separator: "\n")
                    + (problems.count > Self.listedProblems ? "\n… and \(problems.count - Self.listedProblems) more" : "")
            return .failure(.ingestRefused(code: first.code, detail: detail))
        }
        for index in placements.indices where overrides[placements[index].id] != nil && placements[index].route != .touched {
            placements[index].replaced = true
        }
        // R-1.3, strict for imports: a number of a data-only or unknown segment is flagged, not refused.
        for index in placements.indices where placements[index].writesRow {
            let id = placements[index].id
            let warning = (overrides[id]?["mobile"] ?? values[id]?["mobile"])?.textValue.flatMap { MainlandMobile.segment(of: $0).warningCode }
            placements[index].warnings = warning.map { [$0] }
        }
        // Rows first, so that each lead is scored (its grade decides how it is allocated).
        for placement in placements where placement.writesRow {
            if let taken = overrides[placement.id] {
                writeOverride(placement, values: taken, actor: actor, in: &workspace)
            } else {
                writeRow(placement, values: values[placement.id] ?? [:], actor: actor, in: &workspace)
            }
        }
        for (team, indexes) in Dictionary(grouping: roundRobin, by: \.team).sorted(by: { $0.key < $1.key }) {
            allocate(indexes.map(\.lead), in: team, placements: &placements, cursors: &cursors, workspace: &workspace)
        }
        for placement in placements where placement.writesRow {
            place(placement, actor: actor, headOffice: headOffice, queuedFor: queued[placement.id], in: &workspace)
        }
        let ids = placements.filter(\.writesRow).map { FieldValue.text($0.id.rawValue) }
        if !ids.isEmpty {
            workspace.append(.auditLog, [
                "actor_id": .text(actor.rawValue), "device_id": .text(PlanWorkspace.serverDevice.rawValue),
                "action": .text("bulk_import"), "entity_type": .text("lead"), "entity_ids": .list(ids), "row_count": .integer(Int64(ids.count)),
                "occurred_at": .integer(workspace.serverNow), "received_at": .integer(workspace.serverNow), "result": .text("ok"),
            ], author: actor)
        }
        return .success(IngestReport(placements: placements))
    }

    // MARK: - Private

    /// Allocates the team's leads at `indexes` of `placements` one by one in order, each by
    /// criteria when it is a quality lead and by turn otherwise, moving the team's cursor.
    private func allocate(_ indexes: [Int], in team: RowID, placements: inout [IngestReport.Placement],
                          cursors: inout [String: String], workspace: inout PlanWorkspace) {
        var candidates = TeamRoster.candidates(of: team, in: &workspace)
        for index in indexes {
            let key = RowKey(entity: .lead, id: placements[index].id)
            let lead = workspace.row(key).map(CriteriaAllocation.Lead.init(lead:))
            if lead?.isNurture == true {
                placements[index].route = .nurture   // R-3.2: not allocated; the turn is not used up
                continue
            }
            let assignee: String?
            if let lead, lead.isQuality {
                let allocation = CriteriaAllocation.allocate([lead], among: candidates, after: cursors[team.rawValue])
                assignee = allocation.assignees.first ?? nil
                cursors[team.rawValue] = allocation.cursor
                placements[index].byCriteria = assignee == nil ? nil : allocation.matched.first
            } else {
                let allocation = RoundRobinAllocation.allocate(count: 1, members: candidates.map(\.member), after: cursors[team.rawValue])
                assignee = allocation.assignees.first ?? nil
                cursors[team.rawValue] = allocation.cursor
            }
            guard let assignee, let taker = candidates.firstIndex(where: { $0.member.id == assignee }) else {
                placements[index].route = .unassigned
                continue
            }
            placements[index].ownerID = UserID(assignee)
            candidates[taker].member.ownedCount += 1
            if placements[index].byCriteria != nil { candidates[taker].assignedThisPeriod += 1 }
        }
    }

    /// Writes an ingested lead's row, unassigned in its branch, and scores it.
    private func writeRow(_ placement: IngestReport.Placement, values: [String: FieldValue], actor: UserID,
                          in workspace: inout PlanWorkspace) {
        let key = RowKey(entity: .lead, id: placement.id)
        let now = workspace.serverNow
        var row = values
        row["branch_id"] = placement.branchID.map { .text($0.rawValue) } ?? .null
        row["owner_id"] = .null
        row["pool_state"] = .text("unassigned")
        row["received_at"] = .integer(now)
        row["created_by"] = .text(actor.rawValue)
        row["status"] = row["status"] ?? workspace.value("new", for: .lead, field: "status")
        row["created_at"] = row["created_at"] ?? .integer(now)
        workspace.serverWrite(key, row, author: actor)
        LeadScoring.recompute(key, in: &workspace)
    }

    /// Writes an older lead that takes an ingested lead's place (R-2.2 case 3): the values it
    /// takes (its empty fields, status `new`), unassigned in its new branch, and scores it.
    /// Its id, creator and creation time stay.
    private func writeOverride(_ placement: IngestReport.Placement, values: [String: FieldValue], actor: UserID,
                               in workspace: inout PlanWorkspace) {
        let key = RowKey(entity: .lead, id: placement.id)
        var row = values
        row["branch_id"] = placement.branchID.map { .text($0.rawValue) } ?? .null
        row["owner_id"] = .null
        row["pool_state"] = .text("unassigned")
        row["pool_id"] = .null
        row["received_at"] = .integer(workspace.serverNow)
        workspace.serverWrite(key, row, author: actor)
        LeadScoring.recompute(key, in: &workspace)
    }

    /// R-5.1: who takes a referral from the referrer customer's `owner`: the owner while active
    /// and in the customer's branch, otherwise their active team lead (who holds it as a queue
    /// to assign by hand), otherwise nobody.
    private static func referralOwner(_ owner: String?, branch: RowID?, in workspace: inout PlanWorkspace) -> (owner: String, isQueue: Bool)? {
        guard let owner else { return nil }
        let key = RowKey(entity: .user, id: RowID(owner))
        let unit = workspace.text(key, "org_unit_id").map { RowID($0) }
        let ownerBranch = unit.flatMap { TeamRoster.branch(of: $0, in: &workspace) }
        if workspace.text(key, "status") == "active", branch == nil || ownerBranch == nil || ownerBranch == branch {
            return (owner, false)
        }
        guard let lead = workspace.text(key, "reports_to_id"),
              workspace.text(RowKey(entity: .user, id: RowID(lead)), "status") == "active" else { return nil }
        return (lead, true)
    }

    /// Gives a written lead its owner, its ownership events and its de-dup check; a referral
    /// queued for a team lead (`queuedFor`: the consultant who is gone, the referrer) tells them.
    private func place(_ placement: IngestReport.Placement, actor: UserID, headOffice: RowID?,
                       queuedFor queue: (consultant: String, referrer: String)?, in workspace: inout PlanWorkspace) {
        let key = RowKey(entity: .lead, id: placement.id)
        let now = workspace.serverNow
        if let owner = placement.ownerID {
            workspace.serverWrite(key, ["owner_id": .text(owner.rawValue), "pool_state": .text("private")], author: actor)
        } else if placement.route == .nurture, let branch = placement.branchID,
                  let pool = workspace.rows(.pool, where: FieldName("branch_id"), equals: .text(branch.rawValue))
                    .filter({ !$0.row.isDeleted && $0.row.values[FieldName("status")]?.textValue == "active" }).map(\.id).min() {
            workspace.serverWrite(key, ["pool_state": .text("public"), "pool_id": .text(pool.rawValue), "pool_entered_at": .integer(now)],
                                  author: actor)
        }
        func event(_ action: String, _ extra: [String: FieldValue]) {
            workspace.append(.ownershipEvent, [
                "subject_type": .text("lead"), "subject_id": .text(key.id.rawValue), "action": .text(action),
                "actor_id": .text(actor.rawValue), "command_id": .text("ingest:\(key.id.rawValue)"), "server_time": .integer(now),
            ].merging(extra) { $1 }, author: actor)
        }
        if let branch = placement.branchID, branch != headOffice {
            event("distribute", ["from_branch_id": headOffice.map { .text($0.rawValue) } ?? .null, "to_branch_id": .text(branch.rawValue)])
        }
        if let owner = placement.ownerID {
            var reason = placement.byCriteria.map { $0 ? Self.criteriaReason : "\(placement.route.rawValue), matched no criteria" }
            if let queue {
                reason = "referral: \(queue.consultant) is inactive or left the branch; held by their team lead to assign"
                let name = workspace.text(RowKey(entity: .user, id: RowID(queue.consultant)), "name") ?? queue.consultant
                Notifications.send(to: owner, kind: "assignment_needed", about: key,
                                   message: "A referral from customer \(queue.referrer) came in for \(name), who is inactive or no longer in this branch. It is yours until you transfer it to a consultant.",
                                   dedupKey: "assignment_needed:\(key.id.rawValue)", in: &workspace)
            }
            event("allocate", ["to_owner_id": .text(owner.rawValue), "reason": .text(reason ?? placement.route.rawValue)])
        }
        DuplicateRules.check(key, isNew: placement.replaced != true, in: &workspace)
    }

    /// The codes of a `region_codes` tag set.
    private static func codes(_ value: FieldValue?) -> [String] {
        guard let value else { return [] }
        if let list = value.listValue { return list.compactMap(\.textValue) }
        return ObservedRemoveSet(value)?.elements.sorted() ?? []
    }
}
