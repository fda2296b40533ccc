import Foundation
import GRDB
import OutpostCore
@testable import OutpostReplica
import OutpostTestSupport
import Testing

/// Local commits skip the fsync (`synchronous = NORMAL`); what is about to leave the laptop
/// is synced first, so a power cut cannot take back a pushed entry and free its sequence.
@Suite struct ReplicaDurabilityTests {
    private func makeReplica() throws -> (Replica, String) {
        let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
        let replica = try Replica(path: path)
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        return (replica, path)
    }

    private func durableAt(_ replica: Replica) throws -> String? {
        try replica.database.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM sync_state WHERE key = ?", arguments: [SyncStateKey.durableAt.rawValue])
        }
    }

    @Test func editsCommitWithoutAnFsyncOfTheirOwn() throws {
        let (replica, _) = try makeReplica()
        let mode = try replica.database.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(mode == 1)   // NORMAL
        _ = try replica.create(EntityName("lead"), values: [
            FieldName("contact_name"): .text("王妈妈"), FieldName("source_channel"): .text("walk_in"), FieldName("telephone"): .text("010-12345678"),
        ])
        #expect(try durableAt(replica) == nil)
    }

    @Test func entriesAreSyncedToDiskBeforeTheyAreReadForAPush() throws {
        let (replica, _) = try makeReplica()
        _ = try replica.create(EntityName("lead"), values: [
            FieldName("contact_name"): .text("王妈妈"), FieldName("source_channel"): .text("walk_in"), FieldName("telephone"): .text("010-12345678"),
        ])
        #expect(try durableAt(replica) == nil)
        let entries = try replica.pendingEntries(limit: 100)
        #expect(!entries.isEmpty)
        #expect(try durableAt(replica) != nil)
        // The connection is back to NORMAL for the next edits.
        let mode = try replica.database.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(mode == 1)
    }
}
