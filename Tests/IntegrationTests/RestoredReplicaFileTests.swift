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
            let copy = try Self.copyReplicaFile(of: "w1", in: server.directory)

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

    /// A file copied while its clock ran ahead of real time (it had pulled a clock from a
    /// colleague's fast laptop, or its own wall clock went back) resumes that clock where the
    /// copy left it, and its next edit can take the very clock of an edit the server already
    /// holds. Sent as it was, the server took it for that edit again and kept the old value,
    /// while the laptop kept showing the new one under the same clock, for good. The handshake's
    /// `deviceLastClock` has the laptop stamp its unsent entries again, past it.
    @Test(arguments: StoreKind.allCases)
    func anEditOfARestoredFileThatReusesALostEditsClockStillReachesTheServer(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            let lead = try w1.addLead(["contact_name": "备份妈妈"])
            try await w1.sync()
            let copy = try Self.copyReplicaFile(of: "w1", in: server.directory)

            w1.clock.advance(by: 60_000)
            try w1.editLead(lead, ["remark": "备份之后"])
            try await w1.sync()
            let lostClock = try #require(try w1.lead(lead)?.stamps[FieldName("remark")]?.clock)

            // Put back, and edited at the same instant of its (resumed) clock: the same clock.
            let restored = try Laptop(opening: copy, user: DemoUsers.wang, serverURL: server.url, clock: w1.clock)
            try restored.editLead(lead, ["remark": "恢复之后"])
            #expect(try restored.lead(lead)?.stamps[FieldName("remark")]?.clock == lostClock, "the set-up reuses the lost edit's clock")

            let report = try await restored.sync()
            #expect(report.restamped == 1)
            let stored = try #require(try await serverState(server, lead))
            #expect(stored.values[FieldName("remark")] == .text("恢复之后"), "the edit made after the restore is the latest one")
            #expect(try #require(stored.stamps[FieldName("remark")]?.clock) > lostClock)
            try await z1.sync()
            try await expectConvergedInScope([restored, z1], server: server)

            // The clock now runs past the server's record: the next edit needs nothing stamped again.
            try restored.editLead(lead, ["intent_level": "B"])
            let again = try await restored.sync()
            #expect(again.restamped == 0 && again.applied == 1)
        }
    }

    /// Two laptops running copies of one replica file share its device and its clock: offline,
    /// both edit the same field at the same instant, under the same clock. Whichever syncs
    /// second learns from the handshake that the server holds its clocks already, stamps its
    /// edit again, and every replica ends with that later edit.
    @Test(arguments: StoreKind.allCases)
    func twoCopiesOfOneReplicaFileEditingTheSameFieldConverge(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let lead = try w1.addLead(["contact_name": "复制妈妈"])
            try await w1.sync()
            let copy = try Self.copyReplicaFile(of: "w1", in: server.directory)
            let twin = try Laptop(opening: copy, user: DemoUsers.wang, serverURL: server.url, clock: w1.clock)

            w1.clock.advance(by: 30_000)
            try w1.editLead(lead, ["remark": "原机"])
            try twin.editLead(lead, ["remark": "复制机"])
            try await w1.sync()
            let report = try await twin.sync()
            #expect(report.renumbered == 1 && report.restamped == 1)
            try await w1.sync()

            let stored = try #require(try await serverState(server, lead))
            #expect(stored.values[FieldName("remark")] == .text("复制机"))
            #expect(try w1.lead(lead)?.values[FieldName("remark")] == .text("复制机"))
            try await expectConvergedInScope([w1, twin], server: server)
        }
    }

    /// Copies the replica file `name` (and its log) in `directory`, as a backup would.
    /// - Returns: the copy's path.
    private static func copyReplicaFile(of name: String, in directory: URL) throws -> String {
        let original = directory.appendingPathComponent("\(name).sqlite").path
        let copy = directory.appendingPathComponent("\(name)-copy.sqlite").path
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: original + suffix) {
            try FileManager.default.copyItem(atPath: original + suffix, toPath: copy + suffix)
        }
        return copy
    }
}
