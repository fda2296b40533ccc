import Foundation
import Logging
import OutpostCore
import OutpostDomain
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import PostgresNIO
import Testing

/// Several server processes on one PostgreSQL database: each store below has its own
/// connection pool, as a separate `outpost-server` process would.
@Suite struct PostgresConcurrencyTests {
    private let lead = EntityName("lead")
    private let now: Int64 = 1_764_000_000_000
    private let sqlLogger = Logger(label: "outpost-test-sql")

    /// DESIGN "Ordering trap" with several processes: writers push through different stores at
    /// once while pullers follow their cursors through others; every puller ends with exactly
    /// the database's rows. `OUTPOST_STRESS_SCALE=N` makes the run N times longer.
    @Test func pullersFollowingCursorsMissNothingWhileSeveralProcessesPush() async throws {
        let scale = max(1, Int(ProcessInfo.processInfo.environment["OUTPOST_STRESS_SCALE"] ?? "") ?? 1)
        let processes = 3, writers = 6, pullers = 3
        let pushesPerWriter = 20 * scale, rowsPerPush = 8, hotRows = 3
        // Bounded, yet patient with a slow host: pullers may take as long as the writers do (a
        // full run on a machine whose disk writes back slowly stretches every push), then get
        // two minutes more to catch up, and never more than twenty minutes in all.
        let deadline = ContinuousClock.now + .seconds(1_200 * scale)

        try await withPostgresStores(processes, schema: PlainSchema.current) { stores in
            let writersDone = Flag()
            let pulled = try await withThrowingTaskGroup(of: [RowID: RowState]?.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        try await push(writer: writer, pushes: pushesPerWriter, rowsPerPush: rowsPerPush, hotRows: hotRows,
                                       through: stores[writer % processes])
                        return nil
                    }
                }
                for puller in 0..<pullers {
                    group.addTask {
                        try await follow(stores[(puller + 1) % processes], until: writersDone, deadline: deadline)
                    }
                }
                var replicas: [[RowID: RowState]] = []
                var writersLeft = writers
                for try await result in group {
                    if let result {
                        replicas.append(result)
                    } else {
                        writersLeft -= 1
                        if writersLeft == 0 { await writersDone.set() }
                    }
                }
                return replicas
            }

            let database = try await storeRows(stores[0])
            var expected = Set((0..<hotRows).map { RowID("hot-\($0)") })
            for writer in 0..<writers {
                for push in 0..<pushesPerWriter {
                    for index in 0..<rowsPerPush { expected.insert(RowID("w\(writer)-p\(push)-r\(index)")) }
                }
            }
            #expect(Set(database.keys) == expected)
            #expect(pulled.count == pullers)
            for (index, replica) in pulled.enumerated() {
                let missing = expected.subtracting(replica.keys)
                #expect(missing.isEmpty, "puller \(index) never received \(missing.count) rows, e.g. \(missing.sorted().prefix(3))")
                let differing = database.keys.filter { replica[$0] != database[$0] }.sorted()
                #expect(differing.isEmpty && replica.count == database.count,
                        "puller \(index): \(differing.count) rows differ from the database, e.g. \(differing.prefix(3))")
            }
        }
    }

    /// The ordering trap staged by hand: a transaction takes a change-log position (moving an
    /// existing row's entry, as an edit does) and stays open, like a slow push, while a later
    /// push through another process commits a higher position. A pull must not hand out the
    /// higher one first and move its cursor past the lower one: it waits for the open
    /// transaction, then delivers both, in position order.
    @Test func aPullWaitsForALowerPositionStillInFlight() async throws {
        try await withPostgresStores(3, schema: PlainSchema.current) { stores in
            let device = DeviceID("fence-device")
            func create(_ row: String, sequence: Int64) -> PushRequest {
                PushRequest(deviceID: device, changes: [
                    PushChange(sequence: sequence, entity: lead, rowID: RowID(row), field: FieldName("contact_name"), value: .text(row),
                               clock: HLCTimestamp(wallMilliseconds: now, counter: UInt32(sequence), deviceID: device), base: nil),
                ])
            }
            _ = try await stores[0].apply(create("slow", sequence: 1), author: UserID("u-fence"), serverNow: now)
            let start = try await stores[2].pull(after: nil, limit: 10)
            #expect(start.rows.map(\.id) == [RowID("slow")])

            try await stores[0].client.withConnection { open in
                try await open.query("BEGIN", logger: sqlLogger)
                var taken: Int64 = 0
                for try await position in try await open.query("""
                    WITH fence AS (SELECT pg_advisory_xact_lock_shared(\(PostgresAdvisoryLock.changeLogFence)) AS held)
                    SELECT nextval('change_log_position_seq') FROM fence
                    """, logger: sqlLogger).decode(Int64.self) {
                    taken = position
                }
                try await open.query("UPDATE change_log SET position = \(taken) WHERE entity = 'lead' AND row_id = 'slow'", logger: sqlLogger)

                let later = try await stores[1].apply(create("fast", sequence: 2), author: UserID("u-fence"), serverNow: now)
                #expect(try CursorFormat(later.logPosition).position == taken + 1)

                let finished = Flag()
                let pull = Task {
                    let page = try await stores[2].pull(after: start.nextCursor, limit: 10)
                    await finished.set()
                    return page
                }
                try await Task.sleep(for: .milliseconds(500))
                #expect(await !finished.isSet, "the pull answered while a lower position was still in flight")
                try await open.query("COMMIT", logger: sqlLogger)

                let page = try await pull.value
                #expect(page.rows.map(\.id) == [RowID("slow"), RowID("fast")], "both rows, in position order")
                #expect(try CursorFormat(page.nextCursor).position == taken + 1)
            }
        }
    }

    /// Invariant 3 across processes: one push delivered to two processes at the same moment
    /// (a retry racing the original) has one effect and gets one answer.
    @Test func theSamePushArrivingAtTwoProcessesAtOnceHasOneEffect() async throws {
        let rounds = 12
        try await withPostgresStores(2) { stores in
            let zhao = DeviceID("z1")
            for round in 0..<rounds {
                let contested = RowID("contested-\(round)")
                // Zhao's later write lands first, so Wang's write below loses: a conflict is the
                // visible trace of every time Wang's push is merged.
                _ = try await stores[0].apply(PushRequest(deviceID: zhao, changes: newLead(contested, device: zhao, firstSequence: Int64(round * 4 + 1),
                                                                                            wall: now + 2000, extra: ("remark", "Zhao's note"))),
                                              author: DemoUsers.zhao.userID, serverNow: now + 3000)

                let wang = DeviceID("w1-round-\(round)")
                // Known from its handshake, as every pushing device is.
                try await stores[1].registerDevice(wang, user: DemoUsers.wang.userID, skewMilliseconds: 0, serverNow: now + 3000)
                let push = PushRequest(deviceID: wang, changes: [
                    PushChange(sequence: 1, entity: lead, rowID: contested, field: FieldName("remark"),
                               value: .text("Wang's note"), clock: HLCTimestamp(wallMilliseconds: now + 1000, counter: 0, deviceID: wang), base: nil),
                ] + newLead(RowID("new-\(round)"), device: wang, firstSequence: 2, wall: now + 1000))
                async let first = stores[0].apply(push, author: DemoUsers.wang.userID, serverNow: now + 3000)
                async let second = stores[1].apply(push, author: DemoUsers.wang.userID, serverNow: now + 3000)
                let answers = try await [first, second]

                #expect(answers[0].results == answers[1].results, "round \(round): two answers to one push")
                #expect(answers[0].results.map(\.status) == [.superseded, .applied, .applied, .applied])
                let lost = try await stores[1].conflicts(lostBy: DemoUsers.wang.userID, after: 0, limit: 100)
                #expect(lost.conflicts.count == round + 1, "round \(round): the push was merged more than once")
                #expect(lost.conflicts.last?.id == answers[0].results.first?.conflictID)
            }
            let rows = try await storeRows(stores[1])
            #expect(rows.count == 2 * rounds)
        }
    }

    /// Several processes starting at once with the same seed (`--demo`, `--seed FILE`) on a
    /// new database all come up: the one that loses the race to create the rows merges its
    /// seed again against them, and every row is written once.
    @Test func processesSeedingANewDatabaseAtOnceAllSucceed() async throws {
        let seed = try DemoOrganisation.rows()
        try await withPostgresStores(3) { stores in
            async let first: Void = stores[0].seed(seed, serverNow: now, overwriting: .ownValuesOnly)
            async let second: Void = stores[1].seed(seed, serverNow: now, overwriting: .ownValuesOnly)
            async let third: Void = stores[2].seed(seed, serverNow: now, overwriting: .ownValuesOnly)
            _ = try await (first, second, third)
            for entity in Set(seed.map(\.entity)) {
                let stored = try await storeRows(stores[0], entity: entity)
                #expect(Set(stored.keys) == Set(seed.filter { $0.entity == entity }.map(\.id)), "\(entity)")
            }
        }
    }

    /// A snapshot of the database put back after the server ran on (a point-in-time recovery,
    /// a disk snapshot: the same tables, nothing to tell it from a restart): every process
    /// start numbers past what any earlier run can have handed out (`RestoreGap`), so a
    /// cursor handed out after the snapshot is refused, even after another device pushed first.
    @Test func aSnapshotPutBackRefusesTheCursorsOfTheRunItLost() async throws {
        let cluster = try await TestPostgres.shared()
        let database = try await cluster.createDatabase()
        let wang = DeviceID("w1"), zhao = DeviceID("z1")
        try await withPostgresStores(1, database: database) { stores in
            try await stores[0].registerDevice(wang, user: DemoUsers.wang.userID, skewMilliseconds: 0, serverNow: now)
            _ = try await stores[0].apply(PushRequest(deviceID: wang, changes: newLead(RowID("snapshot-one"), device: wang, firstSequence: 1, wall: now)),
                                          author: DemoUsers.wang.userID, serverNow: now)
        }
        let snapshot = try await cluster.copyDatabase(database)
        // The server runs on and hands Wang a cursor past the snapshot.
        let lostCursor = try await withPostgresStores(1, database: database) { stores in
            _ = try await stores[0].apply(PushRequest(deviceID: wang, changes: newLead(RowID("lost-two"), device: wang, firstSequence: 4, wall: now + 1000)),
                                          author: DemoUsers.wang.userID, serverNow: now + 1000)
            return try await stores[0].pull(after: nil, limit: 100, as: nil).nextCursor
        }
        try await Task.sleep(for: .milliseconds(5))   // the restore comes later than the lost run started
        try await withPostgresStores(1, database: snapshot) { stores in
            // Zhao pushes first: the head moves past where Wang's cursor points.
            try await stores[0].registerDevice(zhao, user: DemoUsers.zhao.userID, skewMilliseconds: 0, serverNow: now + 2000)
            for round in 0..<3 {
                _ = try await stores[0].apply(PushRequest(deviceID: zhao, changes: newLead(RowID("zhao-\(["first", "second", "third"][round])"), device: zhao,
                                                                                           firstSequence: Int64(round * 3 + 1), wall: now + 2000)),
                                              author: DemoUsers.zhao.userID, serverNow: now + 2000)
            }
            await #expect(throws: ServerError.self) {
                _ = try await stores[0].pull(after: lostCursor, limit: 100, as: nil)
            }
            let rows = try await storeRows(stores[0])
            #expect(Set(rows.keys) == [RowID("snapshot-one"), RowID("zhao-first"), RowID("zhao-second"), RowID("zhao-third")])
        }
        try? await cluster.dropDatabase(database)
        try? await cluster.dropDatabase(snapshot)
    }

    /// No lost updates across processes: two devices writing different fields of one row at
    /// the same moment, through two processes, both keep their field, whether the row is new
    /// (nobody can lock it yet) or exists (locked as it is read).
    @Test func writesToOneRowFromTwoProcessesAtOnceAreBothKept() async throws {
        let rounds = 12
        try await withPostgresStores(2) { stores in
            let wang = DeviceID("w1"), zhao = DeviceID("z1")
            for round in 0..<rounds {
                let row = RowID("shared-\(round)")
                for edit in 0..<2 {   // first the row is new, then it exists
                    let sequence = Int64(round * 10 + edit * 5 + 1)
                    func change(_ device: DeviceID, _ field: String) -> PushRequest {
                        let own = PushChange(sequence: sequence + 4, entity: lead, rowID: row, field: FieldName(field), value: .text("\(field) \(edit)"),
                                             clock: HLCTimestamp(wallMilliseconds: now + sequence, counter: 4, deviceID: device), base: nil)
                        // A new row comes whole (R-1.1), with the same values from both devices.
                        let creation = edit == 0
                            ? newLead(row, device: device, firstSequence: sequence, wall: now + sequence, extra: nil).filter { $0.field.rawValue != field }
                            : []
                        return PushRequest(deviceID: device, changes: creation + [own])
                    }
                    async let byWang = stores[0].apply(change(wang, "contact_name"), author: DemoUsers.wang.userID, serverNow: now + 60_000)
                    async let byZhao = stores[1].apply(change(zhao, "remark"), author: DemoUsers.zhao.userID, serverNow: now + 60_000)
                    let answers = try await [byWang, byZhao]
                    #expect(answers.allSatisfy { $0.results.allSatisfy { $0.status == .applied } })
                    let state = try await storeRows(stores[round % 2])[row]
                    #expect(state?.values[FieldName("contact_name")] == .text("contact_name \(edit)"), "round \(round), edit \(edit): Wang's write was lost")
                    #expect(state?.values[FieldName("remark")] == .text("remark \(edit)"), "round \(round), edit \(edit): Zhao's write was lost")
                }
            }
        }
    }

    // MARK: - Private

    /// One writer device: each push creates `rowsPerPush` leads and edits one hot row that
    /// every writer edits too (so pushes also contend for rows and produce conflicts).
    private func push(writer: Int, pushes: Int, rowsPerPush: Int, hotRows: Int, through store: PostgresChangeStore) async throws {
        let device = DeviceID("stress-w\(writer)")
        var sequence: Int64 = 0
        for push in 0..<pushes {
            var changes: [PushChange] = []
            func next() -> (Int64, HLCTimestamp) {
                sequence += 1
                return (sequence, HLCTimestamp(wallMilliseconds: now + Int64(push), counter: UInt32(sequence), deviceID: device))
            }
            for index in 0..<rowsPerPush {
                let (sequence, clock) = next()
                changes.append(PushChange(sequence: sequence, entity: lead, rowID: RowID("w\(writer)-p\(push)-r\(index)"),
                                          field: FieldName("contact_name"), value: .text("家长\(index)"), clock: clock, base: nil))
            }
            let (sequence, clock) = next()
            changes.append(PushChange(sequence: sequence, entity: lead, rowID: RowID("hot-\((writer + push) % hotRows)"),
                                      field: FieldName("remark"), value: .text("w\(writer) p\(push)"), clock: clock, base: nil))
            let answer = try await store.apply(PushRequest(deviceID: device, changes: changes),
                                               author: UserID("u-stress-\(writer)"), serverNow: now + 60_000)
            #expect(answer.results.count == changes.count)
        }
    }

    /// A puller that follows its cursor in small pages until the writers are done and it has
    /// caught up; returns the rows it rebuilt.
    private func follow(_ store: PostgresChangeStore, until writersDone: Flag, deadline: ContinuousClock.Instant) async throws -> [RowID: RowState] {
        var rows: [RowID: RowState] = [:]
        var cursor: PullCursor?
        var catchUpDeadline: ContinuousClock.Instant?
        while true {
            // Read before pulling: the last page must start after the last push committed.
            let finished = await writersDone.isSet
            if finished, catchUpDeadline == nil { catchUpDeadline = ContinuousClock.now + .seconds(120) }
            let page = try await store.pull(after: cursor, limit: 7)
            adopt(page, into: &rows)
            #expect(try CursorFormat(page.nextCursor).position >= CursorFormat(cursor).position, "a cursor went backwards")
            cursor = page.nextCursor
            if finished && !page.hasMore { return rows }
            guard ContinuousClock.now < min(deadline, catchUpDeadline ?? deadline) else {
                Issue.record("the puller did not catch up before the deadline")
                return rows
            }
            // Caught up: wait a moment rather than spin, so the writers (and, in a full run, the
            // other suites) get the cores and PostgreSQL.
            if !page.hasMore { try await Task.sleep(for: .milliseconds(5)) }
        }
    }
}

/// A flag one task sets and others read.
private actor Flag {
    private(set) var isSet = false

    func set() { isSet = true }
}

/// The writes of a whole new lead (name, a WeChat id, a source), numbered from
/// `firstSequence`, plus one more field when given.
private func newLead(_ row: RowID, device: DeviceID, firstSequence: Int64, wall: Int64, extra: (String, String)? = nil) -> [PushChange] {
    var fields = [("contact_name", "contact_name 0"), ("wechat_id", "wx_\(row.rawValue.filter(\.isLetter).prefix(12))"),
                  ("source_channel", "walk_in")]
    if let extra { fields.append(extra) }
    return fields.enumerated().map { index, field in
        PushChange(sequence: firstSequence + Int64(index), entity: EntityName("lead"), rowID: row, field: FieldName(field.0), value: .text(field.1),
                   clock: HLCTimestamp(wallMilliseconds: wall, counter: UInt32(index), deviceID: device), base: nil)
    }
}
