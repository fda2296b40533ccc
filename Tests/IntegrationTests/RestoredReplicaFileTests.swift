import Foundation
import OutpostCore
import OutpostReplica
import OutpostTestSupport
import Testing

/// A laptop whose replica file is put back from its own older copy (a laptop backup) reuses
/// journal sequences the server has already answered; the handshake tells it so
/// (`deviceLastSequence`), and it numbers its unsent entries again rather than have them
/// answered as repeats and never applied (spec §11.1, DESIGN invariants 2 and 3).
@Suite struct RestoredReplicaFileTests {
    @Test(arguments: StoreKind.allCases)
    func editsMadeOnAReplicaFileRestoredFromAnOlderCopyReachTheServer(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            let lead = try w1.addLead(["contact_name": "备份妈妈"])
            try await w1.sync()

            // The laptop's backup: a copy of the replica file as it is now.
            let original = server.directory.appendingPathComponent("w1.sqlite").path
            let copy = server.directory.appendingPathComponent("w1-backup.sqlite").path
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: original + suffix) {
                try FileManager.default.copyItem(atPath: original + suffix, toPath: copy + suffix)
            }

            // After the backup, an edit the server applies; then the file is put back.
            w1.clock.advance(by: 60_000)
            try w1.editLead(lead, ["remark": "备份之后"])
            try await w1.sync()
            let restored = try Laptop(opening: copy, user: DemoUsers.wang, serverURL: server.url, clock: w1.clock)

            // The restored file's next sequences are the ones the lost edit used.
            restored.clock.advance(by: 60_000)
            try restored.editLead(lead, ["intent_level": "A", "student_name": "小红"])
            let report = try await restored.sync()
            #expect(report.renumbered == 2)
            #expect(report.applied == 2)
            let stored = try #require(try await serverState(server, lead))
            #expect(stored.values[FieldName("intent_level")] == .text("A"), "the restored laptop's edit reaches the server")
            #expect(stored.values[FieldName("student_name")] == .text("小红"))
            #expect(stored.values[FieldName("remark")] == .text("备份之后"), "and the edit made before the restore stays")
            #expect(try restored.lead(lead)?.values[FieldName("remark")] == .text("备份之后"))

            let again = try await restored.sync()
            #expect(again.renumbered == 0 && again.pushed == 0)
            try await z1.sync()
            try await expectConvergedInScope([restored, z1], server: server)
        }
    }
}
