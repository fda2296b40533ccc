import Foundation
import GRDB
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

    /// The same backup restored a second time (round 20): the first restored run handed out
    /// numbers the second would hand out again. Each run starts past every number an earlier
    /// one can have reached (`RestoreGap.nextRunStart`), so a laptop holding a cursor of the
    /// first run is told to bootstrap again even after another laptop pushed first, and the
    /// edit the first run acknowledged comes back.
    @Test(arguments: StoreKind.allCases)
    func theSameBackupRestoredTwiceLosesNothingWhoeverSyncsFirst(store: StoreKind) async throws {
        let directory = try makeTemporaryDirectory("outpost-restore-twice")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock(Int64(Date().timeIntervalSince1970 * 1000))
        let w1 = try Laptop("w1", user: DemoUsers.wang, serverURL: URL(string: "http://127.0.0.1:1/")!, directory: directory, clock: clock)
        let z1 = try Laptop("z1", user: DemoUsers.zhao, serverURL: URL(string: "http://127.0.0.1:1/")!, directory: directory, clock: clock)
        let (backup, leads) = try await withRunningServer(store, clock: clock) { server in
            let leads = [try w1.addLead(["contact_name": "王妈妈"]), try w1.addLead(["contact_name": "李爸爸"])]
            try await w1.sync(through: w1.transport(to: server.url))
            try await z1.sync(through: z1.transport(to: server.url))
            return (try await backUp(server, to: directory), leads)
        }
        clock.advance(by: 60_000)
        try await withRunningServer(store, restoring: backup, clock: clock) { first in
            try await w1.sync(through: w1.transport(to: first.url))
            try await z1.sync(through: z1.transport(to: first.url))
            // Acknowledged by the first restored run, which is then lost.
            try w1.editLead(leads[0], ["remark": "wang between the restores"])
            #expect(try await w1.sync(through: w1.transport(to: first.url)).applied == 1)
            try await z1.sync(through: z1.transport(to: first.url))
        }
        clock.advance(by: 60_000)
        try await withRunningServer(store, restoring: backup, clock: clock) { second in
            // Zhao syncs first: his push moves the head past Wang's old cursor.
            clock.advance(by: 1_000)
            try z1.editLead(leads[1], ["remark": "zhao after the second restore"])
            try await z1.sync(through: z1.transport(to: second.url))
            let wang = try await w1.sync(through: w1.transport(to: second.url))
            #expect(wang.rebootstrapped, "Wang's cursor was handed out by a run this store lacks")
            #expect(try await serverState(second, leads[0])?.values[FieldName("remark")] == .text("wang between the restores"))
            #expect(try await serverState(second, leads[1])?.values[FieldName("remark")] == .text("zhao after the second restore"))
            try await z1.sync(through: z1.transport(to: second.url))
            try await w1.sync(through: w1.transport(to: second.url))
            try await expectConvergedInScope([w1, z1], server: second)
        }
    }

    /// A plain copy of a stopped server's file, put back after the server ran on (round 20):
    /// nothing in the file tells it from a restart, so every start numbers past what any run
    /// can have handed out, and a laptop ahead of the copy is told whoever syncs first.
    @Test func aPlainCopyOfTheStoreFilePutBackLosesNothingWhoeverSyncsFirst() async throws {
        let directory = try makeTemporaryDirectory("outpost-restore-copy")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock(Int64(Date().timeIntervalSince1970 * 1000))
        let w1 = try Laptop("w1", user: DemoUsers.wang, serverURL: URL(string: "http://127.0.0.1:1/")!, directory: directory, clock: clock)
        let z1 = try Laptop("z1", user: DemoUsers.zhao, serverURL: URL(string: "http://127.0.0.1:1/")!, directory: directory, clock: clock)
        let copy = directory.appendingPathComponent("copy.sqlite")
        let leads = try await withRunningServer(.sqlite, clock: clock) { server in
            let leads = [try w1.addLead(["contact_name": "王妈妈"]), try w1.addLead(["contact_name": "李爸爸"])]
            try await w1.sync(through: w1.transport(to: server.url))
            try await z1.sync(through: z1.transport(to: server.url))
            // What `cp` of the stopped server's file holds: the store as it is, no marker.
            try DatabaseQueue(path: server.storeLocation).backup(to: DatabaseQueue(path: copy.path))
            return leads
        }
        clock.advance(by: 60_000)
        // The server goes on from the copy (a restart) and acknowledges an edit of Wang's.
        try await withRunningServer(.sqlite, restoring: copy, clock: clock) { server in
            try w1.editLead(leads[0], ["remark": "wang after the copy"])
            #expect(try await w1.sync(through: w1.transport(to: server.url)).applied == 1)
        }
        clock.advance(by: 60_000)
        // Then the copy is put back, and Zhao syncs first.
        try await withRunningServer(.sqlite, restoring: copy, clock: clock) { restored in
            try z1.editLead(leads[1], ["remark": "zhao after the restore"])
            try await z1.sync(through: z1.transport(to: restored.url))
            let wang = try await w1.sync(through: w1.transport(to: restored.url))
            #expect(wang.rebootstrapped)
            #expect(try await serverState(restored, leads[0])?.values[FieldName("remark")] == .text("wang after the copy"))
            try await z1.sync(through: z1.transport(to: restored.url))
            try await w1.sync(through: w1.transport(to: restored.url))
            try await expectConvergedInScope([w1, z1], server: restored)
        }
    }
}
