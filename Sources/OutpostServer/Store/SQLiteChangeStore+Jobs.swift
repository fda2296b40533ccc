import GRDB
import OutpostCore
import OutpostProtocol

extension SQLiteChangeStore {
    public func runReclaim(serverNow: Int64) async throws -> ReclaimReport {
        try await database.write { db in
            let planner = PushPlanner(schema: self.schema, skewBudget: self.skewBudget)
            let cursors = try self.allocationCursors(in: db)
            var report: ReclaimReport?
            let (plan, snapshot) = try self.planUntilComplete(starting: PlanNeeds(), in: db) { snapshot in
                let (plan, planned) = planner.planReclaim(snapshot: snapshot, cursors: cursors, serverNow: serverNow)
                report = planned
                return plan
            }
            _ = try self.write(plan, over: snapshot, recordedAt: serverNow, in: db)
            try self.store(plan.allocationCursors, replacing: cursors, in: db)
            guard let report else { throw ServerError.internalFailure }
            return report
        }
    }

    public func ingest(_ leads: [IngestLead], actor: UserID, serverNow: Int64) async throws -> IngestReport {
        let identified = PushPlanner.identified(leads, serverNow: serverNow)
        return try await database.write { db in
            let planner = PushPlanner(schema: self.schema, skewBudget: self.skewBudget)
            let cursors = try self.allocationCursors(in: db)
            var report: IngestReport?
            let (plan, snapshot) = try self.planUntilComplete(starting: PushPlanner.ingestNeeds(identified, actor: actor), in: db) { snapshot in
                let (plan, planned) = try planner.planIngest(identified, actor: actor, snapshot: snapshot, cursors: cursors, serverNow: serverNow)
                report = planned
                return plan
            }
            _ = try self.write(plan, over: snapshot, recordedAt: serverNow, in: db)
            try self.store(plan.allocationCursors, replacing: cursors, in: db)
            guard let report else { throw ServerError.internalFailure }
            return report
        }
    }

    public func moveUser(_ move: UserMove, serverNow: Int64) async throws -> UserMoveReport {
        try await database.write { db in
            let planner = PushPlanner(schema: self.schema, skewBudget: self.skewBudget)
            var report: UserMoveReport?
            let (plan, snapshot) = try self.planUntilComplete(starting: PushPlanner.userMoveNeeds(move), in: db) { snapshot in
                let (plan, planned) = try planner.planUserMove(move, snapshot: snapshot, serverNow: serverNow)
                report = planned
                return plan
            }
            _ = try self.write(plan, over: snapshot, recordedAt: serverNow, in: db)
            guard let report else { throw ServerError.internalFailure }
            return report
        }
    }

    // MARK: - Private

    /// Every team's round-robin cursor (team → member who received its last lead).
    private func allocationCursors(in db: Database) throws -> [String: String] {
        var cursors: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT team_id, last_user_id FROM allocation_cursor") {
            cursors[row["team_id"]] = row["last_user_id"]
        }
        return cursors
    }

    /// Stores the cursors that moved.
    private func store(_ cursors: [String: String], replacing old: [String: String], in db: Database) throws {
        for (team, user) in cursors.sorted(by: { $0.key < $1.key }) where old[team] != user {
            try db.execute(sql: "INSERT OR REPLACE INTO allocation_cursor (team_id, last_user_id) VALUES (?, ?)", arguments: [team, user])
        }
    }
}
