import Foundation
import Logging
import OutpostCore
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import ServiceLifecycle
import Testing

/// The background checkpointer takes WAL checkpoints off the push path and keeps the log
/// bounded: a round copies everything committed, the next commit rewrites the log from its
/// start, a log over the limit starts over without its file being cut, and shutdown leaves an
/// empty log with the writer's automatic checkpoints back on.
@Suite struct WALCheckpointerTests {
    private let now: Int64 = 1_764_000_000_000

    @Test func aRoundCheckpointsEveryCommitSoTheLogStartsOverInsteadOfGrowing() async throws {
        let (store, walPath) = try makeStore()
        try store.setAutomaticCheckpoints(enabled: false)
        let checkpointer = WALCheckpointer(store: store, logger: quietLogger)
        try await pushOneChangeEach(rows: 0..<50, to: store)
        let walBytesBefore = try fileSize(walPath)

        let first = try await checkpointer.checkpointOnce()
        #expect(first.logPages > 0)
        #expect(first.checkpointedPages == first.logPages)
        #expect(!first.restarted)

        try await pushOneChangeEach(rows: 50..<52, to: store)
        let second = try await checkpointer.checkpointOnce()
        // Two pushes' pages, written from the log's start: not appended after the first 50.
        #expect(second.logPages < first.logPages)
        #expect(try fileSize(walPath) == walBytesBefore)
    }

    @Test func aLogLongerThanTheLimitStartsOverWithoutCuttingItsFile() async throws {
        let (store, walPath) = try makeStore()
        try store.setAutomaticCheckpoints(enabled: false)
        let checkpointer = WALCheckpointer(store: store, restartAbovePages: 4, logger: quietLogger)
        try await pushOneChangeEach(rows: 0..<20, to: store)
        let walBytes = try fileSize(walPath)
        #expect(walBytes > 0)

        let round = try await checkpointer.checkpointOnce()
        #expect(round.restarted)
        #expect(round.checkpointedPages == round.logPages)
        #expect(try fileSize(walPath) == walBytes)   // no ftruncate while pushes wait
        // The next push rewrites the log from its start: it does not grow past the 20 pushes.
        try await pushOneChangeEach(rows: 20..<21, to: store)
        let next = try await checkpointer.checkpointOnce()
        #expect(next.logPages < round.logPages)
        #expect(try fileSize(walPath) == walBytes)
        let page = try await store.pull(after: nil, limit: 100)
        #expect(page.rows.count == 21)
    }

    @Test func runningTurnsAutomaticCheckpointsOffAndShutdownEmptiesTheLog() async throws {
        let (store, walPath) = try makeStore()
        #expect(try await automaticCheckpointPages(of: store) == SQLiteChangeStore.automaticCheckpointPages)
        let checkpointer = WALCheckpointer(store: store, interval: .milliseconds(10), logger: quietLogger)
        let group = ServiceGroup(services: [checkpointer], logger: quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Waits for the service to take over checkpoints before writing.
            while try await automaticCheckpointPages(of: store) != 0 { await Task.yield() }
            try await pushOneChangeEach(rows: 0..<30, to: store)
            #expect(try fileSize(walPath) > 0)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(try fileSize(walPath) == 0)
        #expect(try await automaticCheckpointPages(of: store) == SQLiteChangeStore.automaticCheckpointPages)
        let page = try await store.pull(after: nil, limit: 100)
        #expect(page.rows.count == 30)
    }

    // MARK: - Private

    private var quietLogger: Logger {
        var logger = Logger(label: "wal-checkpointer-test")
        logger.logLevel = .critical
        return logger
    }

    private func makeStore() throws -> (SQLiteChangeStore, String) {
        let path = try makeTemporaryDirectory().appendingPathComponent("s.sqlite").path
        return (try SQLiteChangeStore(path: path, schema: PlainSchema.current, durability: .full), path + "-wal")
    }

    private func pushOneChangeEach(rows: Range<Int>, to store: SQLiteChangeStore) async throws {
        for row in rows {
            let push = PushRequest(deviceID: DeviceID("d"), changes: [
                PushChange(sequence: Int64(row + 1), entity: EntityName("lead"), rowID: RowID("r\(row)"), field: FieldName("remark"),
                           value: .text("第\(row)次跟进"), clock: HLCTimestamp(wallMilliseconds: now, counter: UInt32(row), deviceID: DeviceID("d")),
                           base: nil),
            ])
            _ = try await store.apply(push, author: UserID("u-0"), serverNow: now)
        }
    }

    private func automaticCheckpointPages(of store: SQLiteChangeStore) async throws -> Int {
        try await store.database.writeWithoutTransaction { db in
            try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? -1
        }
    }

    private func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
