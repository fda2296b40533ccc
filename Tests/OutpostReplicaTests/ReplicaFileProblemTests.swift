import Foundation
import GRDB
import OutpostReplica
import OutpostTestSupport
import Testing

/// A replica file another process holds, or one SQLite cannot read, is named for what it is,
/// with what to do, instead of SQLite's words.
@Suite struct ReplicaFileProblemTests {
    @Test func aFileHeldByAnotherProcessSaysSo() throws {
        let directory = try makeTemporaryDirectory("outpost-replica-held")
        let path = directory.appendingPathComponent("replica.sqlite").path
        _ = try Replica(path: path)
        var configuration = Configuration()
        configuration.busyMode = .immediateError
        let other = try DatabaseQueue(path: path, configuration: configuration)
        var holding = Configuration()
        holding.allowsUnsafeTransactions = true   // the transaction stays open across accesses, like another process's
        let holder = try DatabaseQueue(path: path, configuration: holding)
        try holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        defer { try? holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        do {
            try other.write { db in try db.execute(sql: "CREATE TABLE probe (x)") }
            Issue.record("the write went through beside an exclusive transaction")
        } catch {
            let explained = try #require(ReplicaError.explaining(error, path: path))
            #expect(explained == .inUse(path: path))
            #expect(explained.code == "replica.in_use")
            #expect(explained.description.contains("Another process is using the replica at \(path)"))
        }
    }

    @Test func aFileThatIsNoDatabaseSaysSoAndWhatToDo() throws {
        let directory = try makeTemporaryDirectory("outpost-replica-damaged")
        let path = directory.appendingPathComponent("replica.sqlite").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Replica(path: path).settings()
            Issue.record("a file of text opened as a replica")
        } catch {
            let explained = try #require(ReplicaError.explaining(error, path: path))
            #expect(explained.code == "replica.damaged")
            #expect(explained.description.contains("Keep a copy of it"))
        }
        #expect(ReplicaError.explaining(CocoaError(.fileNoSuchFile), path: path) == nil, "other failures keep their own words")
    }

    /// A full disk (here a file SQLite may not grow past its size) is named, with what to do.
    @Test func aFullDiskSaysSoAndWhatToDo() throws {
        let directory = try makeTemporaryDirectory("outpost-replica-full")
        let path = directory.appendingPathComponent("replica.sqlite").path
        let database = try DatabaseQueue(path: path)
        try database.write { db in
            try db.execute(sql: "CREATE TABLE filler (text TEXT)")
        }
        do {
            try database.write { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
                try db.execute(sql: "PRAGMA max_page_count = \(pages + 2)")
                for _ in 0..<64 { try db.execute(sql: "INSERT INTO filler VALUES (?)", arguments: [String(repeating: "x", count: 4096)]) }
            }
            Issue.record("the file grew past its page limit")
        } catch {
            let explained = try #require(ReplicaError.explaining(error, path: path))
            #expect(explained == .diskFull(path: path))
            #expect(explained.code == "replica.disk_full")
            #expect(explained.description.contains("Free some space"))
        }
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM filler") } == 0, "the step was undone whole")
    }
}
