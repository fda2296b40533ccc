import OutpostCore
import OutpostProtocol
import PostgresNIO

extension PostgresChangeStore {
    public func runReclaim(serverNow: Int64) async throws -> ReclaimReport {
        let planner = PushPlanner(schema: schema, skewBudget: skewBudget)
        return try await PostgresTransaction.run(on: client, logger: logger) { connection in
            let cursors = try await lockAllocationCursors(on: connection)
            var report: ReclaimReport?
            let (plan, snapshot) = try await planUntilComplete(starting: PlanNeeds(), on: connection) { snapshot in
                let (plan, planned) = planner.planReclaim(snapshot: snapshot, cursors: cursors, serverNow: serverNow)
                report = planned
                return plan
            }
            try await store(plan.allocationCursors, replacing: cursors, on: connection)
            _ = try await appendToLogs(plan, existing: snapshot, recordedAt: serverNow, on: connection)
            guard let report else { throw ServerError.internalFailure }
            return report
        }
    }

    public func ingest(_ leads: [IngestLead], actor: UserID, serverNow: Int64) async throws -> IngestReport {
        let planner = PushPlanner(schema: schema, skewBudget: skewBudget)
        let identified = PushPlanner.identified(leads, serverNow: serverNow)
        return try await PostgresTransaction.run(on: client, logger: logger) { connection in
            let cursors = try await lockAllocationCursors(on: connection)
            var report: IngestReport?
            let (plan, snapshot) = try await planUntilComplete(starting: PushPlanner.ingestNeeds(identified, actor: actor), on: connection) { snapshot in
                let (plan, planned) = try planner.planIngest(identified, actor: actor, snapshot: snapshot, cursors: cursors, serverNow: serverNow)
                report = planned
                return plan
            }
            try await store(plan.allocationCursors, replacing: cursors, on: connection)
            _ = try await appendToLogs(plan, existing: snapshot, recordedAt: serverNow, on: connection)
            guard let report else { throw ServerError.internalFailure }
            return report
        }
    }

    public func moveUser(_ move: UserMove, serverNow: Int64) async throws -> UserMoveReport {
        let planner = PushPlanner(schema: schema, skewBudget: skewBudget)
        return try await PostgresTransaction.run(on: client, logger: logger) { connection in
            var report: UserMoveReport?
            let (plan, snapshot) = try await planUntilComplete(starting: PushPlanner.userMoveNeeds(move), on: connection) { snapshot in
                let (plan, planned) = try planner.planUserMove(move, snapshot: snapshot, serverNow: serverNow)
                report = planned
                return plan
            }
            _ = try await appendToLogs(plan, existing: snapshot, recordedAt: serverNow, on: connection)
            guard let report else { throw ServerError.internalFailure }
            return report
        }
    }

    // MARK: - Private

    /// Every team's round-robin cursor, locked until the transaction ends: two processes
    /// allocating at once take turns, so no member is served twice for one turn.
    private func lockAllocationCursors(on connection: PostgresConnection) async throws -> [String: String] {
        try await connection.query("LOCK TABLE allocation_cursor IN EXCLUSIVE MODE", logger: logger)
        var cursors: [String: String] = [:]
        for try await (team, user) in try await connection.query("SELECT team_id, last_user_id FROM allocation_cursor", logger: logger)
            .decode((String, String).self) {
            cursors[team] = user
        }
        return cursors
    }

    /// Stores the cursors that moved.
    private func store(_ cursors: [String: String], replacing old: [String: String], on connection: PostgresConnection) async throws {
        for (team, user) in cursors.sorted(by: { $0.key < $1.key }) where old[team] != user {
            try await connection.query("""
                INSERT INTO allocation_cursor (team_id, last_user_id) VALUES (\(team), \(user))
                ON CONFLICT (team_id) DO UPDATE SET last_user_id = excluded.last_user_id
                """, logger: logger)
        }
    }
}
