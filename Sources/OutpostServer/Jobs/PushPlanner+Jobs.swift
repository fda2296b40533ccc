import OutpostCore
import OutpostProtocol
import OutpostDomain

extension PushPlanner {
    /// The server writes of one nightly run at `serverNow`, against `snapshot`: the team
    /// memberships that ran out (`ShareExpiry`), then the reclaim (`ReclaimJob`), then the
    /// scores that aged (`LeadRescore`).
    /// - Parameter cursors: the teams' round-robin cursors (team → member served last).
    func planReclaim(snapshot: RowSnapshot, cursors: [String: String], serverNow: Int64) -> (Plan, ReclaimReport) {
        var workspace = PlanWorkspace(schema: schema, serverNow: serverNow, snapshot: snapshot,
                                      makeID: AscendingRowIDs(wallMilliseconds: serverNow).next)
        var cursors = cursors
        let expired = ShareExpiry.run(in: &workspace)
        var report = ReclaimJob(calendar: ClaimCommand.companyCalendar).run(in: &workspace, cursors: &cursors)
        report.expiredShares = expired
        report.rescoredLeads = LeadRescore.run(in: &workspace)
        return (finished(workspace, cursors: cursors), report)
    }

    /// The server writes of an ingest (`LeadIngest`), against `snapshot`.
    /// - Throws: `ServerError.ingestRefused` once every row the decision needs is loaded.
    func planIngest(_ leads: [(id: RowID, lead: IngestLead)], actor: UserID, snapshot: RowSnapshot, cursors: [String: String],
                    serverNow: Int64) throws -> (Plan, IngestReport) {
        var workspace = PlanWorkspace(schema: schema, serverNow: serverNow, snapshot: snapshot,
                                      makeID: AscendingRowIDs(wallMilliseconds: serverNow).next)
        var cursors = cursors
        let outcome = LeadIngest(schema: schema).run(leads, actor: actor, in: &workspace, cursors: &cursors)
        // A refusal counts only once the round had every row it read.
        guard workspace.needs.isEmpty else { return (finished(workspace, cursors: cursors), IngestReport(placements: [])) }
        return (finished(workspace, cursors: cursors), try outcome.get())
    }

    /// The server writes of a user's move (`UserMoveJob`), against `snapshot`.
    /// - Throws: `AdministrationError` once every row the decision needs is loaded.
    func planUserMove(_ move: UserMove, snapshot: RowSnapshot, serverNow: Int64) throws -> (Plan, UserMoveReport) {
        var workspace = PlanWorkspace(schema: schema, serverNow: serverNow, snapshot: snapshot,
                                      makeID: AscendingRowIDs(wallMilliseconds: serverNow).next)
        let outcome = UserMoveJob.run(move, in: &workspace)
        // A refusal counts only once the round had every row it read.
        guard workspace.needs.isEmpty else { return (finished(workspace, cursors: [:]), UserMoveReport()) }
        return (finished(workspace, cursors: [:]), try outcome.get())
    }

    /// The rows a user's move reads first: the user, the unit (none for a departure), the new
    /// manager and the colleague.
    static func userMoveNeeds(_ move: UserMove) -> PlanNeeds {
        var users = [move.user] + (move.reportsTo.map { [$0] } ?? [])
        if case .handOver(let colleague) = move.ownedRecords { users.append(colleague) }
        return PlanNeeds(rows: Set(users.map { RowKey(entity: .user, id: RowID($0.rawValue)) } + (move.unit.map { [RowKey(entity: .orgUnit, id: $0)] } ?? [])))
    }

    /// The leads with their ids: the given one, or a fresh UUIDv7 made once, before planning,
    /// so every planning round writes the same rows.
    static func identified(_ leads: [IngestLead], serverNow: Int64) -> [(id: RowID, lead: IngestLead)] {
        leads.map { ($0.id ?? UUIDv7.makeRowID(wallMilliseconds: serverNow), $0) }
    }

    /// The rows an ingest reads first: the leads' ids and the actor.
    static func ingestNeeds(_ leads: [(id: RowID, lead: IngestLead)], actor: UserID) -> PlanNeeds {
        PlanNeeds(rows: Set(leads.map { RowKey(entity: .lead, id: $0.id) } + [RowKey(entity: .user, id: RowID(actor.rawValue))]))
    }

    // MARK: - Private

    private func finished(_ workspace: PlanWorkspace, cursors: [String: String]) -> Plan {
        var workspace = workspace
        var plan = Plan(lastSequence: 0)
        // A reclaimed or reallocated customer's contacts follow it.
        ContactOwners.follow(workspace.changedRows.keys, in: &workspace)
        // The rows move between scope keys like a push's (an owner cleared, a lead placed).
        plan.scopeChanges = ScopeTracker.changes(of: workspace.changedRows.keys, in: &workspace)
        plan.changedRows = workspace.changedRows
        plan.conflicts = workspace.conflicts
        plan.needs = workspace.needs
        plan.allocationCursors = cursors
        return plan
    }
}
