import Foundation
import GRDB
import OutpostCore
@testable import OutpostReplica
import OutpostTestSupport
import Testing

/// No local edit waits for a checkpoint of the write-ahead log: a background queue copies the
/// log into the file, and the writer does it only when the queue cannot keep up.
@Suite struct ReplicaCheckpointerTests {
    @Test func editsLeaveTheLogsCheckpointsToTheBackground() async throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
        let replica = try Replica(path: path)
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        let checkpointer = try #require(replica.checkpointer)
        // Each create writes a few pages (row, indexes, journal); 600 of them pass 1,000 pages.
        for number in 0..<600 {
            _ = try replica.create(EntityName("lead"), values: [
                FieldName("contact_name"): .text("王妈妈 \(number)"), FieldName("source_channel"): .text("walk_in"),
                FieldName("telephone"): .text("010-1234\(String(format: "%04d", number))"),
            ])
        }
        for _ in 0..<500 where checkpointer.rounds == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(checkpointer.rounds >= 1)
        // Every edit is still there.
        let count = try await replica.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM lead") }
        #expect(count == 600)
    }

    @Test func checkpointLogCopiesTheLogIntoTheFileBeforeItReturns() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
        let replica = try Replica(path: path)
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        // Far below the background's threshold: these pages stay in the log until asked.
        for number in 0..<40 {
            _ = try replica.create(EntityName("lead"), values: [
                FieldName("contact_name"): .text("李爸爸 \(number)"), FieldName("source_channel"): .text("walk_in"),
                FieldName("telephone"): .text("010-8765\(String(format: "%04d", number))"),
            ])
        }
        func fileBytes() throws -> Int { try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) }
        let before = try fileBytes()
        let rounds = try #require(replica.checkpointer).rounds
        replica.checkpointLog()
        #expect(try fileBytes() > before)
        #expect(try #require(replica.checkpointer).rounds == rounds + 1)
    }

    @Test func aLogTheBackgroundCannotKeepUpWithIsCheckpointedByTheWriter() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("log.sqlite").path
        // The background never runs (its threshold is out of reach); the writer steps in past 50 pages.
        let checkpointer = ReplicaCheckpointer(path: path, thresholdPages: .max, inlineAbovePages: 50)
        var configuration = Configuration()
        configuration.prepareDatabase { db in try checkpointer.install(on: db) }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in try db.execute(sql: "CREATE TABLE note (body BLOB)") }
        for _ in 0..<300 {
            try pool.write { db in try db.execute(sql: "INSERT INTO note (body) VALUES (zeroblob(4096))") }
        }
        let log = try pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        // Without the writer's checkpoints the log would hold 300 commits of two pages and more.
        #expect(log.walFrameCount <= 60)
        #expect(checkpointer.rounds == 0)
        let count = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM note") }
        #expect(count == 300)
    }

    @Test func aLogFileGrownByALargeWriteIsCutBackWhenTheLogRestarts() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("log.sqlite").path
        let checkpointer = ReplicaCheckpointer(path: path)
        var configuration = Configuration()
        configuration.prepareDatabase { db in try checkpointer.install(on: db) }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in try db.execute(sql: "CREATE TABLE note (body BLOB)") }
        func logBytes() throws -> Int { try #require(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) }
        // One transaction of a page per row, as a large pull page can be: the log file grows past the limit.
        let rows = ReplicaCheckpointer.logFileBytesLimit / 4_096 + 2_000
        try pool.write { db in
            for _ in 0..<rows { try db.execute(sql: "INSERT INTO note (body) VALUES (zeroblob(4000))") }
        }
        #expect(try logBytes() > ReplicaCheckpointer.logFileBytesLimit)
        _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        try pool.write { db in try db.execute(sql: "INSERT INTO note (body) VALUES (zeroblob(10))") }   // restarts the log
        #expect(try logBytes() <= ReplicaCheckpointer.logFileBytesLimit)
        #expect(try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM note") } == rows + 1)
    }

    @Test func withoutTheCheckpointerTheSameLogGrows() throws {
        // The control for the test above: SQLite's own automatic checkpoint off, nothing installed.
        let path = try makeTemporaryDirectory().appendingPathComponent("log.sqlite").path
        let pool = try DatabasePool(path: path)
        try pool.write { db in try db.execute(sql: "CREATE TABLE note (body BLOB)") }
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        for _ in 0..<300 {
            try pool.write { db in try db.execute(sql: "INSERT INTO note (body) VALUES (zeroblob(4096))") }
        }
        let log = try pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        #expect(log.walFrameCount > 600)
    }
}
