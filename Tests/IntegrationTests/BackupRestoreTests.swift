import Foundation
import OutpostCore
import OutpostProtocol
import OutpostReplica
import OutpostTestSupport
import Testing

/// Backups restore into a server that replicas keep syncing with; a replica that saw more than
/// the backup holds is told, with a stable code, to re-bootstrap (issue 6, "Backups"), and does
/// so by itself, sending again what the restored server lost (spec §12.5).
@Suite struct BackupRestoreTests {
    @Test(arguments: StoreKind.allCases)
    func aReplicaKeepsSyncingAfterARestoreAndOneAheadOfItBootstrapsAgainLosingNothing(store: StoreKind) async throws {
        let directory = try makeTemporaryDirectory("outpost-restore")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort: the verdict is decided
        let clock = ManualClock(Int64(Date().timeIntervalSince1970 * 1000))
        let w1 = try Laptop("w1", user: DemoUsers.wang, serverURL: URL(string: "http://127.0.0.1:1/")!, directory: directory, clock: clock)
        let z1 = try Laptop("z1", user: DemoUsers.zhao, serverURL: URL(string: "http://127.0.0.1:1/")!, directory: directory, clock: clock)

        let (backup, beforeBackup) = try await withRunningServer(store, clock: clock) { server in
            _ = try w1.addLead(["contact_name": "王妈妈"])
            _ = try w1.addLead(["contact_name": "李爸爸"])
            try await w1.sync(through: w1.transport(to: server.url))
            try await z1.sync(through: z1.transport(to: server.url))
            let backup = try await backUp(server, to: directory)
            let beforeBackup = try await serverRows(server)
            // After the backup: Wang adds a lead, and his cursor moves past what the backup holds.
            _ = try w1.addLead(["contact_name": "张妈妈"])
            try await w1.sync(through: w1.transport(to: server.url))
            return (backup, beforeBackup)
        }
        #expect(beforeBackup.count == 2)

        try await withRunningServer(store, restoring: backup, clock: clock) { restored in
            #expect(try await serverRows(restored) == beforeBackup)

            // Zhao saw nothing newer than the backup: he edits and syncs as if nothing happened.
            let lead = try #require(beforeBackup.keys.sorted().first)
            clock.advance(by: 60_000)
            try z1.editLead(lead, ["remark": "约了周六试听"])
            let report = try await z1.sync(through: z1.transport(to: restored.url))
            #expect(report.applied == 1)
            #expect(try await serverState(restored, lead)?.values[FieldName("remark")] == .text("约了周六试听"))

            // Wang's cursor lies beyond the restored log (409 `pull.invalid_cursor`): his laptop
            // bootstraps again by itself (spec §12.5), and sends again what the server answered
            // before the restore, so the lead the restore lost is back. He also has an edit not
            // sent yet: it must not go first, or the server would take its sequence as the last
            // one it answered and drop the lost ones sent after it.
            let other = try #require(beforeBackup.keys.sorted().last)
            try w1.editLead(other, ["intent_level": "A"])
            let wangReport = try await w1.sync(through: w1.transport(to: restored.url))
            #expect(wangReport.rebootstrapped)
            #expect(wangReport.requeuedForRebootstrap > 0)
            let rows = try await serverRows(restored)
            #expect(rows.count == 3)
            #expect(rows.values.contains { $0.values[FieldName("contact_name")] == .text("张妈妈") }, "nothing the server acknowledged is lost")
            #expect(try await serverState(restored, lead)?.values[FieldName("remark")] == .text("约了周六试听"), "nor what others wrote since")
            #expect(try await serverState(restored, other)?.values[FieldName("intent_level")] == .text("A"), "nor the edit not sent before")
            #expect(try w1.replica.pendingCount() == 0)
            let again = try await w1.sync(through: w1.transport(to: restored.url))
            #expect(!again.rebootstrapped && again.pushed == 0)
            try await z1.sync(through: z1.transport(to: restored.url))
            try await expectConvergedInScope([w1, z1], server: restored)
        }
    }
}
