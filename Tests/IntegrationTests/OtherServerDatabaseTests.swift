import Foundation
import OutpostCore
import OutpostReplica
import OutpostServer
import OutpostTestSupport
import Testing

/// A replica belongs to the server database it first synced with (spec §12.5): pointed at
/// another server, it sends and receives nothing, so neither store takes the other's rows and
/// the replica does not mix two change logs. A server restored from a backup is the same
/// database (`RestoreTests`).
@Suite struct OtherServerDatabaseTests {
    @Test(arguments: StoreKind.allCases)
    func aReplicaPointedAtAnotherServersDatabaseSendsAndReceivesNothing(store: StoreKind) async throws {
        try await withRunningServer(store) { first in
            try await withRunningServer(store) { second in
                let w1 = try Laptop("w1", user: DemoUsers.wang, server: first)
                let lead = try w1.addLead(["contact_name": "王妈妈", "mobile": "13812345678"])
                try await w1.sync()
                try w1.editLead(lead, ["remark": "改约周日"])
                let secondsHead = try await second.store.pull(after: nil, limit: 1000, as: nil).nextCursor

                let moved = try Laptop(opening: w1.replica.path, user: DemoUsers.wang, serverURL: second.url, clock: w1.clock)
                await #expect(throws: ReplicaError.otherServerDatabase(serverURL: first.url.absoluteString, pendingEntries: 1)) {
                    try await moved.sync()
                }
                #expect(try await second.store.pull(after: nil, limit: 1000, as: nil).nextCursor == secondsHead, "nothing written there")
                #expect(try await storeRows(second.store)[lead] == nil)
                #expect(try w1.replica.pendingCount() == 1, "the unsent edit stays for the server it came from")

                let report = try await w1.sync()
                #expect(report.applied == 1, "its own server still takes it")
                #expect(try await storeRows(first.store)[lead]?.values[FieldName("remark")] == .text("改约周日"))
            }
        }
    }
}
