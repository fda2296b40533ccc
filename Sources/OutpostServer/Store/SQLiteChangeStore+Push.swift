import Foundation
import GRDB
import OutpostCore
import OutpostProtocol

extension SQLiteChangeStore {
    /// Pushes that arrive while another commits wait in `pendingPushes`; the next write takes
    /// all of them into one transaction, each in its own savepoint (group commit). With
    /// `StoreDurability.full` that is one fsync for every push waiting, not one each, and each
    /// push still lands whole or not at all, exactly as if it had its own transaction.
    public func apply(_ push: PushRequest, author: UserID, serverNow: Int64, authority: PushAuthority) async throws -> PushResponse {
        try PushPlanner.checkShape(of: push)
        let ticket = PushTicket(push: push, author: author, serverNow: serverNow, authority: authority)
        pendingPushes.append(ticket)
        try await database.writeWithoutTransaction { db in
            // Empty when an earlier write already took this push with its group.
            let group = self.pendingPushes.takeAll()
            if !group.isEmpty { self.commit(group, in: db) }
        }
        return try ticket.outcome()
    }

    // MARK: - Private

    /// Applies a group of pushes in one transaction and settles every ticket: with its own
    /// answer or error, or with the commit's error when the transaction as a whole fails.
    private func commit(_ group: [PushTicket], in db: Database) {
        var outcomes: [Result<PushResponse, any Error>] = []
        do {
            try db.inTransaction {
                if group.count == 1, let ticket = group.first {
                    // Alone in its group, the push owns the transaction: its error rolls back
                    // the transaction and settles it below, no savepoint needed.
                    outcomes.append(.success(try self.applyInTransaction(ticket, in: db)))
                    return .commit
                }
                for ticket in group {
                    do {
                        var response: PushResponse?
                        try db.inSavepoint {
                            response = try self.applyInTransaction(ticket, in: db)
                            return .commit
                        }
                        outcomes.append(.success(response!))
                    } catch {
                        outcomes.append(.failure(error))   // rolled back to its savepoint; the others go on
                    }
                }
                return .commit
            }
        } catch {
            for ticket in group { ticket.settle(.failure(error)) }
            return
        }
        for (ticket, outcome) in zip(group, outcomes) { ticket.settle(outcome) }
    }

    /// One push, inside the group's transaction.
    private func applyInTransaction(_ ticket: PushTicket, in db: Database) throws -> PushResponse {
        let (push, author, serverNow) = (ticket.push, ticket.author, ticket.serverNow)
        let planner = PushPlanner(schema: schema, skewBudget: skewBudget, latestServerTime: latestServerTime.observe(serverNow))
        let device = try DeviceRecord.fetchOrCreate(push.deviceID, user: author, serverNow: serverNow, in: db)
        // Entries at or below the last answered sequence were applied before: answer them
        // with their first answer, do nothing else (invariant 3, exactly-once effect).
        let freshChanges = push.changes.filter { $0.sequence > device.lastSequence }
        let freshCommands = push.commands.filter { $0.sequence > device.lastSequence }
        let scope = try self.readerScope(for: author, in: db)
        try DisabledUserPush.refuseIfDisabled(push, scope: scope, authority: ticket.authority)
        var answers = try self.storedResults(for: push.deviceID, sequences: push.sequences.filter { $0 <= device.lastSequence }, in: db)

        let (plan, snapshot) = try self.planUntilComplete(starting: planner.initialNeeds(freshChanges, freshCommands), in: db) { snapshot in
            planner.plan(freshChanges, commands: freshCommands, author: author, scope: scope, device: device, snapshot: snapshot,
                         serverNow: serverNow, clientAddress: ticket.authority.clientAddress, signedInAt: ticket.authority.signedInAt,
                         releasing: ticket.authority.kind == .quarantineRelease, makeID: AscendingRowIDs(wallMilliseconds: serverNow).next)
        }

        let lastPosition = try self.write(plan, over: snapshot, recordedAt: serverNow, in: db)
        for result in plan.results {
            // A plain "applied" is what `forgottenResult` answers anyway: storing it would
            // cost a row per change and change no answer.
            if result != PushPlanner.forgottenResult(result.sequence) {
                try self.store(result, device: push.deviceID, in: db)
            }
            answers[result.sequence] = result
        }
        try db.cachedStatement(sql: """
            UPDATE device SET last_sequence = ?, last_clamped_clock = ?, last_clock = ?, last_seen_at = ?,
              largest_push_skew_ms = MAX(largest_push_skew_ms, ?), clamped_writes = clamped_writes + ?
            WHERE id = ?
            """).execute(arguments: [plan.lastSequence, plan.lastClampedClock?.description, plan.lastClock?.description, serverNow,
                             plan.largestSkewMilliseconds == .min ? 0 : plan.largestSkewMilliseconds,
                             plan.clampedWrites, push.deviceID.rawValue])
        let results = push.sequences.map { answers[$0] ?? PushPlanner.forgottenResult($0) }
        return PushResponse(results: results, logPosition: CursorFormat.complete(at: lastPosition))
    }

    public func seed(_ rows: [SeedRow], serverNow: Int64, overwriting: SeedOverwrite) async throws {
        try await database.write { db in
            let planner = PushPlanner(schema: self.schema, skewBudget: self.skewBudget)
            let (plan, snapshot) = try self.planUntilComplete(starting: PlanNeeds(rows: Set(rows.map { RowKey(entity: $0.entity, id: $0.id) })),
                                                              in: db) { snapshot in
                try planner.planSeed(rows, overwriting: overwriting, snapshot: snapshot, serverNow: serverNow)
            }
            _ = try self.write(plan, over: snapshot, recordedAt: serverNow, in: db)
        }
    }

    /// Writes a plan's conflicts and rows, each changed row at a new change-log position.
    /// - Parameter snapshot: the rows as the plan read them from this transaction, so a row
    ///   is written as the columns that changed.
    /// - Returns: the last position taken (the head when the plan changed no row).
    func write(_ plan: PushPlanner.Plan, over snapshot: RowSnapshot, recordedAt: Int64, in db: Database) throws -> Int64 {
        for (id, record) in plan.conflicts {
            try self.insertConflict(id: id, record, recordedAt: recordedAt, in: db)
        }
        var lastPosition = try self.headPosition(in: db)
        let appendToLog = try db.cachedStatement(sql: "INSERT OR REPLACE INTO change_log (entity, row_id) VALUES (?, ?)")
        for key in Set(plan.changedRows.keys).union(plan.scopeChanges.keys).sorted() {
            // Taken inside this write transaction: commit order equals position order.
            try appendToLog.execute(arguments: [key.entity.rawValue, key.id.rawValue])
            lastPosition = db.lastInsertedRowID
            if let change = plan.scopeChanges[key] { try self.index(key, change, at: lastPosition, in: db) }
            // A child that only moved with its parent keeps its row as it is.
            guard let state = plan.changedRows[key] else { continue }
            var stamped = state
            stamped.stamps = state.stamps.settlingLogPositions(PushPlanner.pendingLogPosition, at: lastPosition)
            guard let table = self.tables[key.entity] else { throw ServerError.internalFailure }
            try table.save(key.id, stamped, replacing: snapshot.stored(key) ?? nil, in: db)
        }
        // Same transaction as the rows: an audit row never lands without its chain entry.
        try self.chainAuditRows(plan.changedRows, in: db)
        return lastPosition
    }

    /// Loads what `makePlan` needs and plans again while it says it lacked something.
    func planUntilComplete(starting needs: PlanNeeds, in db: Database,
                                   _ makePlan: (RowSnapshot) throws -> PushPlanner.Plan) throws -> (PushPlanner.Plan, RowSnapshot) {
        var snapshot = RowSnapshot()
        var needs = needs
        for _ in 0..<PushPlanner.maximumRounds {
            try self.load(needs, into: &snapshot, in: db)
            let plan = try makePlan(snapshot)
            if plan.needs.isEmpty { return (plan, snapshot) }
            needs = plan.needs
        }
        throw ServerError.internalFailure
    }

    /// Loads the rows and lookups a planning round lacked.
    func load(_ needs: PlanNeeds, into snapshot: inout RowSnapshot, in db: Database) throws {
        var rows = needs.rows
        // One query per (entity, field), whatever the number of values looked up.
        for (column, lookups) in Dictionary(grouping: needs.lookups, by: { RowKey(entity: $0.entity, id: RowID($0.field.rawValue)) }) {
            guard let table = self.tables[column.entity] else { continue }
            let found = try table.ids(where: FieldName(column.id.rawValue), in: lookups.map(\.value), in: db)
            for lookup in lookups {
                let ids = found[lookup.value] ?? []
                snapshot.record(lookup, ids: ids)
                rows.formUnion(ids.map { RowKey(entity: lookup.entity, id: $0) })
            }
        }
        for (entity, keys) in Dictionary(grouping: rows.filter { snapshot.stored($0) == nil }, by: \.entity) {
            guard let table = self.tables[entity] else { continue }
            let found = try table.load(keys.map(\.id), in: db)
            snapshot.record(asked: keys, found: Dictionary(uniqueKeysWithValues: found.map { (RowKey(entity: entity, id: $0.key), $0.value) }))
        }
    }

    private func storedResults(for device: DeviceID, sequences: [Int64], in db: Database) throws -> [Int64: PushResult] {
        var results: [Int64: PushResult] = [:]
        let statement = try db.cachedStatement(sql: "SELECT * FROM push_result WHERE device_id = ? AND sequence = ?")
        for sequence in sequences {
            guard let row = try Row.fetchOne(statement, arguments: [device.rawValue, sequence]) else { continue }
            results[sequence] = PushResult(
                sequence: sequence,
                status: PushStatus(rawValue: row["status"]) ?? .applied,
                storedClock: (row["stored_clock"] as String?).flatMap { HLCTimestamp($0) },
                conflictID: row["conflict_id"],
                code: (row["code"] as String?).map { ErrorCode(rawValue: $0) },
                message: row["message"],
                currentVersion: try (row["current_version"] as String?).map {
                    try WireCoding.makeDecoder().decode(WireFieldVersion.self, from: Data($0.utf8))
                },
                aliases: try (row["aliases"] as String?).map { try WireCoding.makeDecoder().decode([String: String].self, from: Data($0.utf8)) })
        }
        return results
    }

    private func store(_ result: PushResult, device: DeviceID, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO push_result (device_id, sequence, status, stored_clock, conflict_id, code, message, current_version, aliases)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let current = try result.currentVersion.map { String(decoding: try WireCoding.makeEncoder().encode($0), as: UTF8.self) }
        let aliases = try result.aliases.map { String(decoding: try WireCoding.makeEncoder().encode($0), as: UTF8.self) }
        try statement.execute(arguments: [device.rawValue, result.sequence, result.status.rawValue,
                                          result.storedClock?.description, result.conflictID,
                                          result.code?.rawValue, result.message, current, aliases])
    }

    private func insertConflict(id: String, _ record: ConflictRecord, recordedAt: Int64, in db: Database) throws {
        let encoder = WireCoding.makeEncoder()
        let statement = try db.cachedStatement(sql: """
            INSERT INTO conflict (id, entity, row_id, field, winner_value, winner_clock, winner_author,
              loser_value, loser_clock, loser_author, rule, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            id, record.entity.rawValue, record.rowID.rawValue, record.field.rawValue,
            String(decoding: try encoder.encode(record.winner.value), as: UTF8.self),
            record.winner.clock.description, record.winner.author.rawValue,
            String(decoding: try encoder.encode(record.loser.value), as: UTF8.self),
            record.loser.clock.description, record.loser.author.rawValue,
            record.rule, recordedAt,
        ])
    }
}
