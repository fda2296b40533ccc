import Foundation
import GRDB
import OutpostCore
@testable import OutpostReplica
import OutpostTestSupport
import Testing

/// A local edit made while another process writes the same replica file (a running
/// `outpost sync`) waits its turn instead of failing with "database is locked".
@Suite struct ConcurrentWriterTests {
    @Test func anEditWaitsForAnotherProcesssWriteToCommit() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
        let laptop = try Replica(path: path)
        _ = try laptop.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        let sync = try Replica(path: path)   // the other process: a sync writing a pulled page
        let holding = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? sync.database.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('test_marker', '1')")
                holding.signal()
                Thread.sleep(forTimeInterval: 0.3)   // commits while the edit below waits
            }
            done.signal()
        }
        holding.wait()
        let id = try laptop.create(EntityName("lead"), values: [
            FieldName("contact_name"): .text("王妈妈"), FieldName("source_channel"): .text("walk_in"), FieldName("mobile"): .text("13812345678"),
        ], now: 1_000)
        done.wait()
        #expect(try laptop.row(EntityName("lead"), id: id) != nil)
    }
}
