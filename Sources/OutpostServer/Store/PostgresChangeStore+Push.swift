import Foundation
import OutpostCore
import OutpostProtocol
import PostgresNIO

extension PostgresChangeStore {
    /// Applies a push in one transaction with a fixed number of round trips, whatever its size:
    /// lock the device, read stored answers, lock and load the rows, plan (`PushPlanner`, the
    /// rules shared with SQLite), write answers and device bookkeeping, then append to the logs.
    ///
    /// A transaction that loses a race (a row it saw as new was created meanwhile by another
    /// process, or PostgreSQL broke a deadlock) rolls back and runs again, a few times at most.
    public func apply(_ push: PushRequest, author: UserID, serverNow: Int64, authority: PushAuthority) async throws -> PushResponse {
        try PushPlanner.checkShape(of: push)
        if !latestServerTime.isKnown {
            let stored = try await client.query("SELECT max(last_seen_at) FROM device", logger: logger).decode(Int64?.self)
            for try await latest in stored { latestServerTime.start(from: latest) }
        }
        return try await retryingLostRaces {
            try await applyOnce(push, author: author, serverNow: serverNow, authority: authority)
        }
    }

    /// Seeds like a push: in one transaction, run again when it loses a race, so several
    /// processes starting at once with the same seed file (`--demo`, `--seed`) all come up,
    /// and the rows are written once.
    public func seed(_ rows: [SeedRow], serverNow: Int64, overwriting: SeedOverwrite) async throws {
        let planner = PushPlanner(schema: schema, skewBudget: skewBudget)
        try await retryingLostRaces {
            try await PostgresTransaction.run(on: client, logger: logger) { connection in
                let (plan, snapshot) = try await planUntilComplete(starting: PlanNeeds(rows: Set(rows.map { RowKey(entity: $0.entity, id: $0.id) })),
                                                                   on: connection) { snapshot in
                    try planner.planSeed(rows, overwriting: overwriting, snapshot: snapshot, serverNow: serverNow)
                }
                _ = try await appendToLogs(plan, existing: snapshot, recordedAt: serverNow, on: connection)
            }
        }
    }

    // MARK: - Private

    /// Runs `transaction` again, a few times at most, while it fails for a race it lost
    /// (`isWorthRetrying`): each run is a whole transaction, rolled back before the next.
    private func retryingLostRaces<Result>(_ transaction: () async throws -> Result) async throws -> Result {
        let attempts = 4
        for attempt in 1... {
            do {
                return try await transaction()
            } catch where attempt < attempts && Self.isWorthRetrying(error) {
                continue
            }
        }
        throw ServerError.internalFailure   // the loop returns or throws: cannot happen
    }

    /// Rolled back and run again: another transaction created a row this one saw as new.
    private struct RowCreatedConcurrently: Error {}

    private static func isWorthRetrying(_ error: any Error) -> Bool {
        if error is RowCreatedConcurrently { return true }
        // 40P01 deadlock_detected, 40001 serialization_failure: PostgreSQL asks for a retry.
        guard let state = (error as? PSQLError)?.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    private func applyOnce(_ push: PushRequest, author: UserID, serverNow: Int64, authority: PushAuthority) async throws -> PushResponse {
        let planner = PushPlanner(schema: schema, skewBudget: skewBudget, latestServerTime: latestServerTime.observe(serverNow))
        return try await PostgresTransaction.run(on: client, logger: logger) { connection in
            // First, before reading anything else: two deliveries of this push, arriving at two
            // processes at once, queue here, and the second sees the first's last_sequence
            // (invariant 3, exactly-once effect across processes).
            let device = try await lockDevice(push.deviceID, user: author, serverNow: serverNow, on: connection)
            let freshChanges = push.changes.filter { $0.sequence > device.lastSequence }
            let freshCommands = push.commands.filter { $0.sequence > device.lastSequence }
            var answers = try await storedResults(for: push.deviceID, sequences: push.sequences.filter { $0 <= device.lastSequence },
                                                  on: connection)
            let scope = try await readerScope(for: author, on: connection)
            try DisabledUserPush.refuseIfDisabled(push, scope: scope, authority: authority)

            // Existing rows are locked as they are read (FOR UPDATE, in entity then id order), so
            // no other process changes them before this push writes them back. Rows that do not
            // exist yet cannot be locked; `appendToLogs` detects one created meanwhile. The plan
            // is made again while it says it lacked rows or lookups.
            let (plan, snapshot) = try await planUntilComplete(starting: planner.initialNeeds(freshChanges, freshCommands),
                                                               on: connection) { snapshot in
                planner.plan(freshChanges, commands: freshCommands, author: author, scope: scope, device: device, snapshot: snapshot,
                             serverNow: serverNow, clientAddress: authority.clientAddress, signedInAt: authority.signedInAt,
                             releasing: authority.kind == .quarantineRelease, makeID: AscendingRowIDs(wallMilliseconds: serverNow).next)
            }

            // A plain "applied" answer is what a repeat gets anyway when no answer is stored
            // (`PushPlanner.forgottenResult`), so only the other answers are written: a push of
            // fresh edits stores nothing per change.
            try await store(plan.results.filter { $0 != PushPlanner.forgottenResult($0.sequence) }, device: push.deviceID, on: connection)
            let bookkeeping = PostgresDeviceBookkeeping(plan, device: push.deviceID, serverNow: serverNow)
            let lastPosition = try await appendToLogs(plan, existing: snapshot, recordedAt: serverNow, bookkeeping: bookkeeping, on: connection)
            for result in plan.results {
                answers[result.sequence] = result
            }
            let results = push.sequences.map { answers[$0] ?? PushPlanner.forgottenResult($0) }
            return PushResponse(results: results, logPosition: CursorFormat.complete(at: lastPosition))
        }
    }

    /// Loads the device's bookkeeping with its row locked until commit, registering it to
    /// `user` on first sight.
    /// - Throws: `ServerError.deviceMismatch` when it belongs to someone else.
    private func lockDevice(_ device: DeviceID, user: UserID, serverNow: Int64, on connection: PostgresConnection) async throws -> DeviceRecord {
        // One round trip: a new device is inserted; a known one takes the conflict path, which
        // locks its row as `FOR UPDATE` would (the no-op update) and returns it. A concurrent
        // first push of the same new device waits for the other insert to commit, then takes
        // the conflict path.
        let rows = try await connection.query("""
            INSERT INTO device (id, user_id, last_seen_at) VALUES (\(device.rawValue), \(user.rawValue), \(serverNow))
            ON CONFLICT (id) DO UPDATE SET last_seen_at = device.last_seen_at
            RETURNING user_id, last_sequence, last_clamped_clock, last_clock
            """, logger: logger)
        for try await (owner, lastSequence, clamped, latest) in rows.decode((String, Int64, String?, String?).self) {
            guard UserID(owner) == user else { throw ServerError.deviceMismatch(device: device.rawValue) }
            return DeviceRecord(id: device, user: user, lastSequence: lastSequence, lastClampedClock: clamped.flatMap { HLCTimestamp($0) },
                                lastClock: latest.flatMap { HLCTimestamp($0) })
        }
        throw ServerError.internalFailure   // inserted or present just above: cannot happen
    }

    /// Appends the plan's conflicts and changed rows to their logs and writes the rows, and the
    /// pushing device's `bookkeeping` when there is one.
    /// - Returns: the highest change-log position this push took, or the current head when it
    ///   changed no row.
    ///
    /// The ordering trap (DESIGN "Change log and cursors"): positions come from a sequence,
    /// and with several processes a transaction that took position 10 can commit after one
    /// that took 11; a puller that saw 11 would move its cursor past 10 for good. So every
    /// transaction takes its positions under `PostgresAdvisoryLock.changeLogFence`, held
    /// shared until it ends: pushes do not wait for each other (their commits, and the WAL
    /// flushes of `synchronous_commit`, overlap), and a pull first takes the fence
    /// exclusively for a moment (`settledHead`), which waits until every transaction that had
    /// taken positions has ended and keeps new ones from taking any meanwhile: every
    /// position up to the sequence's value at that moment is committed (PostgreSQL makes a
    /// commit visible before it releases the transaction's locks) or rolled back (a harmless
    /// gap), and the pull reads no further than that.
    ///
    /// Conflict-log positions and audit-chain links are still ordered by commit itself: a
    /// push that writes either takes `PostgresAdvisoryLock.commitOrder` until it ends.
    func appendToLogs(_ plan: PushPlanner.Plan, existing: RowSnapshot, recordedAt: Int64,
                      bookkeeping: PostgresDeviceBookkeeping? = nil, on connection: PostgresConnection) async throws -> Int64 {
        // Children that only move with a parent (`Plan.scopeChanges`) take a position too.
        let logged = Set(plan.changedRows.keys).union(plan.scopeChanges.keys).sorted()
        if logged.isEmpty, let bookkeeping {
            try await connection.query("\(deviceUpdate: bookkeeping)", logger: logger)
        }
        guard !plan.changedRows.isEmpty || !plan.conflicts.isEmpty || !plan.scopeChanges.isEmpty else {
            return try await headPosition(on: connection)
        }
        if !plan.conflicts.isEmpty || plan.changedRows.keys.contains(where: { $0.entity == .auditLog }) {
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresAdvisoryLock.commitOrder))", logger: logger)
        }
        let positions = logged.isEmpty
            ? [:] : try await fenceAndTakePositions(for: logged, scopeChanges: plan.scopeChanges, bookkeeping: bookkeeping, on: connection)
        if !plan.conflicts.isEmpty {
            // The conflict log has positions too (`GET /v1/conflicts?after=`), ordered by `commitOrder` above.
            try await insertConflicts(plan.conflicts, recordedAt: recordedAt, on: connection)
        }
        guard !logged.isEmpty else {
            return try await headPosition(on: connection)
        }
        let changed = plan.changedRows.sorted { ($0.key.entity, $0.key.id) < ($1.key.entity, $1.key.id) }
        var updated: [EntityName: [(id: RowID, state: RowState, stored: RowState)]] = [:]
        var created: [EntityName: [(id: RowID, state: RowState)]] = [:]
        for (key, state) in changed {
            guard let position = positions[key] else { throw ServerError.internalFailure }
            var stamped = state
            stamped.stamps = state.stamps.settlingLogPositions(PushPlanner.pendingLogPosition, at: position)
            if let stored = existing.stored(key) ?? nil {
                updated[key.entity, default: []].append((key.id, stamped, stored))
            } else {
                created[key.entity, default: []].append((key.id, stamped))
            }
        }
        for (entity, rows) in updated {
            guard let table = tables[entity] else { throw ServerError.internalFailure }
            try await table.update(rows, on: connection, logger: logger)
        }
        for (entity, rows) in created {
            guard let table = tables[entity] else { throw ServerError.internalFailure }
            // A row this push planned as new but another process created after the load was
            // merged against nothing: roll back and merge again against the row as it is now.
            guard try await table.insertNew(rows, on: connection, logger: logger).count == rows.count else {
                throw RowCreatedConcurrently()
            }
        }
        // Same transaction as the rows, under `commitOrder`: chain order is commit order.
        try await chainAuditRows(changed, on: connection)
        return positions.values.max() ?? 0
    }

    /// Takes `PostgresAdvisoryLock.changeLogFence` (shared), a change-log position for each
    /// row of `logged`, files the rows under the scope keys they entered and left, and writes
    /// the device's `bookkeeping`, in one statement (one round trip): the fence's CTE is joined
    /// into the insert, so every `nextval` runs after it. A part with nothing to write is left
    /// out of the statement: PostgreSQL plans every part, empty or not, on every push.
    /// - Returns: each row's new position.
    private func fenceAndTakePositions(for logged: [RowKey], scopeChanges: [RowKey: ScopeChange], bookkeeping: PostgresDeviceBookkeeping?,
                                       on connection: PostgresConnection) async throws -> [RowKey: Int64] {
        let entered = ScopeIndexRows(scopeChanges, keys: \.new)
        let departed = ScopeIndexRows(scopeChanges, keys: \.left)
        let entries = try await connection.query("""
            WITH change_log_fence AS (SELECT pg_advisory_xact_lock_shared(\(PostgresAdvisoryLock.changeLogFence)) AS taken),
            logged AS (
              INSERT INTO change_log (position, entity, row_id)
              SELECT nextval('change_log_position_seq'), entry.entity, entry.row_id
              FROM change_log_fence, unnest(\(logged.map(\.entity.rawValue))::text[], \(logged.map(\.id.rawValue))::text[]) AS entry(entity, row_id)
              ON CONFLICT (entity, row_id) DO UPDATE SET position = excluded.position
              RETURNING position, entity, row_id)
            \(entering: entered)
            \(departing: departed)
            \(bookkeeping: bookkeeping)
            SELECT position, entity, row_id FROM logged
            """, logger: logger)
        var positions: [RowKey: Int64] = [:]
        positions.reserveCapacity(logged.count)
        for try await (position, entity, id) in entries.decode((Int64, String, String).self) {
            positions[RowKey(entity: EntityName(entity), id: RowID(id))] = position
        }
        return positions
    }

    /// Loads what `makePlan` needs and plans again while it says it lacked something.
    func planUntilComplete(starting needs: PlanNeeds, on connection: PostgresConnection,
                                   _ makePlan: (RowSnapshot) throws -> PushPlanner.Plan) async throws -> (PushPlanner.Plan, RowSnapshot) {
        var snapshot = RowSnapshot()
        var needs = needs
        for _ in 0..<PushPlanner.maximumRounds {
            try await load(needs, into: &snapshot, on: connection)
            let plan = try makePlan(snapshot)
            if plan.needs.isEmpty { return (plan, snapshot) }
            needs = plan.needs
        }
        throw ServerError.internalFailure
    }

    /// Loads (and, for a push, locks) the rows and answers the lookups a planning round lacked.
    func load(_ needs: PlanNeeds, into snapshot: inout RowSnapshot, locking: Bool = true, on connection: PostgresConnection) async throws {
        var rows = needs.rows
        // One query per (entity, field), whatever the number of values looked up.
        let columns = Dictionary(grouping: needs.lookups, by: { RowKey(entity: $0.entity, id: RowID($0.field.rawValue)) })
        for (column, lookups) in columns.sorted(by: { $0.key < $1.key }) {
            guard let table = tables[column.entity] else { continue }
            let found = try await table.ids(where: FieldName(column.id.rawValue), in: lookups.map(\.value), on: connection, logger: logger)
            for lookup in lookups {
                let ids = found[lookup.value] ?? []
                snapshot.record(lookup, ids: ids)
                rows.formUnion(ids.map { RowKey(entity: lookup.entity, id: $0) })
            }
        }
        for (entity, keys) in Dictionary(grouping: rows.filter { snapshot.stored($0) == nil }, by: \.entity).sorted(by: { $0.key < $1.key }) {
            guard let table = tables[entity] else { continue }
            let found = try await table.load(keys.map(\.id), locking: locking, on: connection, logger: logger)
            snapshot.record(asked: keys, found: Dictionary(uniqueKeysWithValues: found.map { (RowKey(entity: entity, id: $0.key), $0.value) }))
        }
    }

    private func storedResults(for device: DeviceID, sequences: [Int64], on connection: PostgresConnection) async throws -> [Int64: PushResult] {
        var results: [Int64: PushResult] = [:]
        guard !sequences.isEmpty else { return results }
        let rows = try await connection.query("""
            SELECT sequence, status, stored_clock, conflict_id, code, message, current_version, aliases FROM push_result
            WHERE device_id = \(device.rawValue) AND sequence = ANY(\(sequences)::int8[])
            """, logger: logger)
        let decoder = WireCoding.makeDecoder()
        for try await (sequence, status, storedClock, conflictID, code, message, current, aliases)
            in rows.decode((Int64, String, String?, String?, String?, String?, String?, String?).self) {
            results[sequence] = PushResult(
                sequence: sequence,
                status: PushStatus(rawValue: status) ?? .applied,
                storedClock: storedClock.flatMap { HLCTimestamp($0) },
                conflictID: conflictID,
                code: code.map { ErrorCode(rawValue: $0) },
                message: message,
                currentVersion: try current.map { try decoder.decode(WireFieldVersion.self, from: Data($0.utf8)) },
                aliases: try aliases.map { try decoder.decode([String: String].self, from: Data($0.utf8)) })
        }
        return results
    }

    private func store(_ results: [PushResult], device: DeviceID, on connection: PostgresConnection) async throws {
        guard !results.isEmpty else { return }
        let encoder = WireCoding.makeEncoder()
        let currentVersions = try results.map { result in
            try result.currentVersion.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        }
        let aliases = try results.map { result in
            try result.aliases.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        }
        var binds = PostgresBindings(capacity: 9)
        binds.append(device.rawValue)
        binds.append(results.map(\.sequence))
        binds.append(results.map(\.status.rawValue))
        try binds.append(PostgresNullableArray(results.map { $0.storedClock?.description }))
        try binds.append(PostgresNullableArray(results.map(\.conflictID)))
        try binds.append(PostgresNullableArray(results.map { $0.code?.rawValue }))
        try binds.append(PostgresNullableArray(results.map(\.message)))
        try binds.append(PostgresNullableArray(currentVersions))
        try binds.append(PostgresNullableArray(aliases))
        try await connection.query(PostgresQuery(unsafeSQL: """
            INSERT INTO push_result (device_id, sequence, status, stored_clock, conflict_id, code, message, current_version, aliases)
            SELECT $1::text, * FROM unnest($2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
            ON CONFLICT (device_id, sequence) DO UPDATE SET status = excluded.status, stored_clock = excluded.stored_clock,
              conflict_id = excluded.conflict_id, code = excluded.code, message = excluded.message,
              current_version = excluded.current_version, aliases = excluded.aliases
            """, binds: binds), logger: logger)
    }

    private func insertConflicts(_ conflicts: [(id: String, record: ConflictRecord)], recordedAt: Int64,
                                 on connection: PostgresConnection) async throws {
        let encoder = WireCoding.makeEncoder()
        func text(_ value: FieldValue) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let records = conflicts.map(\.record)
        var binds = PostgresBindings(capacity: 12)
        binds.append(conflicts.map(\.id))
        binds.append(records.map(\.entity.rawValue))
        binds.append(records.map(\.rowID.rawValue))
        binds.append(records.map(\.field.rawValue))
        binds.append(try records.map { try text($0.winner.value) })
        binds.append(records.map(\.winner.clock.description))
        binds.append(records.map(\.winner.author.rawValue))
        binds.append(try records.map { try text($0.loser.value) })
        binds.append(records.map(\.loser.clock.description))
        binds.append(records.map(\.loser.author.rawValue))
        binds.append(records.map(\.rule))
        binds.append(recordedAt)
        try await connection.query(PostgresQuery(unsafeSQL: """
            INSERT INTO conflict (position, id, entity, row_id, field, winner_value, winner_clock, winner_author,
              loser_value, loser_clock, loser_author, rule, recorded_at)
            SELECT nextval('conflict_position_seq'), entry.*, $12::int8
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::text[], $11::text[]) AS entry
            """, binds: binds), logger: logger)
    }
}

private extension PostgresQuery.StringInterpolation {
    /// `, entered AS (INSERT INTO change_scope …)`, filing rows under the keys they hold at
    /// their new positions, when there are any; nothing otherwise.
    mutating func appendInterpolation(entering entered: ScopeIndexRows) {
        guard !entered.keys.isEmpty else { return }
        appendLiteral("""
            , entered AS (
              INSERT INTO change_scope (key, entity, row_id, position, entered_at, gone)
              SELECT entry.key, entry.entity, entry.row_id, logged.position, logged.position, false
              FROM
            """)
        appendLoggedEntries(entered)
        appendLiteral(" " + PostgresChangeStore.enterScopeConflictClause)
        appendLiteral(")")
    }

    /// `, departed AS (UPDATE change_scope …)`, marking the keys rows left, when there are
    /// any; nothing otherwise.
    mutating func appendInterpolation(departing departed: ScopeIndexRows) {
        guard !departed.keys.isEmpty else { return }
        appendLiteral("""
            , departed AS (
              UPDATE change_scope SET gone = true, position = logged.position
              FROM
            """)
        appendLoggedEntries(departed)
        appendLiteral("""
             WHERE change_scope.key = entry.key AND change_scope.entity = entry.entity AND change_scope.row_id = entry.row_id)
            """)
    }

    /// `unnest(keys, entities, ids) AS entry(key, entity, row_id) JOIN logged ON …`: each
    /// scope-index entry with its row's new position.
    mutating func appendLoggedEntries(_ rows: ScopeIndexRows) {
        appendLiteral(" unnest(")
        appendInterpolation(rows.keys)
        appendLiteral("::text[], ")
        appendInterpolation(rows.entities)
        appendLiteral("::text[], ")
        appendInterpolation(rows.ids)
        appendLiteral("::text[]) AS entry(key, entity, row_id) JOIN logged ON logged.entity = entry.entity AND logged.row_id = entry.row_id")
    }

    /// `, device_bookkeeping AS (UPDATE device …)` when there is bookkeeping to write; nothing otherwise.
    mutating func appendInterpolation(bookkeeping: PostgresDeviceBookkeeping?) {
        guard let bookkeeping else { return }
        appendLiteral(", device_bookkeeping AS (")
        appendInterpolation(deviceUpdate: bookkeeping)
        appendLiteral(")")
    }
}
