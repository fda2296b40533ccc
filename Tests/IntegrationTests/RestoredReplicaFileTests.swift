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
            let copy = try ReplicaCopy(of: w1, named: "w1", on: server)

            // After the backup, an edit the server applies; then the file is put back.
            w1.clock.advance(by: 60_000)
            try w1.editLead(lead, ["remark": "备份之后"])
            try await w1.sync()
            let restored = try copy.opened()

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
    /// while the laptop kept showing the new one under the same clock, for good (round 23).
    /// The server now stamps such a write just above, as the device's later write, and the
    /// laptop takes that clock from the answer; the handshake moves its clock past the
    /// server's record of the device (`deviceLastClock`).
    @Test(arguments: StoreKind.allCases)
    func anEditOfARestoredFileThatReusesALostEditsClockStillReachesTheServer(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            let lead = try w1.addLead(["contact_name": "备份妈妈"])
            try await w1.sync()
            let copy = try ReplicaCopy(of: w1, named: "w1", on: server)

            w1.clock.advance(by: 60_000)
            try w1.editLead(lead, ["remark": "备份之后"])
            try await w1.sync()
            let lostClock = try #require(try w1.lead(lead)?.stamps[FieldName("remark")]?.clock)

            // Put back, and edited at the same instant of its (resumed) clock: the same clock.
            let restored = try copy.opened()
            try restored.editLead(lead, ["remark": "恢复之后"])
            #expect(try restored.lead(lead)?.stamps[FieldName("remark")]?.clock == lostClock, "the set-up reuses the lost edit's clock")

            let report = try await restored.sync()
            #expect(report.applied == 1)
            let stored = try #require(try await serverState(server, lead))
            #expect(stored.values[FieldName("remark")] == .text("恢复之后"), "the edit made after the restore is the latest one")
            #expect(try #require(stored.stamps[FieldName("remark")]?.clock) > lostClock)
            try await z1.sync()
            try await expectConvergedInScope([restored, z1], server: server)

            // The clock now runs past the server's record: the next edit is stamped as issued.
            try restored.editLead(lead, ["intent_level": "B"])
            let issued = try #require(try restored.lead(lead)?.stamps[FieldName("intent_level")]?.clock)
            #expect(issued > lostClock)
            let again = try await restored.sync()
            #expect(again.applied == 1)
            #expect(try await serverState(server, lead)?.stamps[FieldName("intent_level")]?.clock == issued)
        }
    }

    /// Two laptops running copies of one replica file share its device and its clock: offline,
    /// both edit the same field at the same instant, under the same clock. The server stamps
    /// the write of whichever syncs second just above the first, and every replica ends with
    /// that later edit.
    @Test(arguments: StoreKind.allCases)
    func twoCopiesOfOneReplicaFileEditingTheSameFieldConverge(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let lead = try w1.addLead(["contact_name": "复制妈妈"])
            try await w1.sync()
            let copy = try ReplicaCopy(of: w1, named: "w1", on: server)
            let twin = try copy.opened()

            w1.clock.advance(by: 30_000)
            try w1.editLead(lead, ["remark": "原机"])
            try twin.editLead(lead, ["remark": "复制机"])
            try await w1.sync()
            let report = try await twin.sync()
            #expect(report.renumbered == 1 && report.applied == 1)
            try await w1.sync()

            let stored = try #require(try await serverState(server, lead))
            #expect(stored.values[FieldName("remark")] == .text("复制机"))
            #expect(try w1.lead(lead)?.values[FieldName("remark")] == .text("复制机"))
            try await expectConvergedInScope([w1, twin], server: server)
        }
    }

    /// A backup taken between an edit and its sync still lists the edit as unsent. Put back
    /// after a colleague changed the field again, it sends the edit again: the server knows it
    /// (the same clock, the same value) and it loses to the colleague's later one, as it did
    /// the first time. Nothing the colleague wrote is overwritten (round 26: stamped with a
    /// fresh clock, the old edit came back over the newer one).
    @Test(arguments: StoreKind.allCases)
    func anEditSentAgainFromARestoredCopyDoesNotOverwriteALaterOne(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            let lead = try w1.addLead(["contact_name": "恢复妈妈", "mobile": "13812345678"])
            try await w1.sync()
            w1.clock.advance(by: 1_000)
            try w1.editLead(lead, ["remark": "wang-old", "intent_level": "C"])
            let copy = try ReplicaCopy(of: w1, named: "w1", on: server)
            try await w1.sync()

            try await c1.sync()
            c1.clock.advance(by: 60_000)
            try c1.replica.update(EntityName("lead"), id: lead, values: [FieldName("remark"): .text("chen-newer"), FieldName("intent_level"): .text("A")],
                                  now: c1.clock.now)
            try await c1.sync()

            let restored = try copy.opened()
            let report = try await restored.sync()
            #expect(report.renumbered == 2)
            #expect(report.applied == 0)
            let stored = try #require(try await serverState(server, lead))
            #expect(stored.values[FieldName("remark")] == .text("chen-newer"), "the colleague's later edit stands")
            #expect(stored.values[FieldName("intent_level")] == .text("A"))
            #expect(try await server.store.conflicts(lostBy: DemoUsers.chen.userID, after: 0, limit: 10).conflicts.isEmpty)
            try await c1.sync()
            try await expectConvergedInScope([restored, c1], server: server)
        }
    }

    /// A copy taken between a `lead add` and its sync sends the new lead's fields again once put
    /// back: the very writes the server holds, answered applied, none of them judged as an edit
    /// (round 27: a consultant's `source_channel` was refused as a read-only field, for good).
    @Test(arguments: StoreKind.allCases)
    func aLeadAddSentAgainFromARestoredCopyIsAnsweredAsTheFirstTime(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            try await w1.sync()
            let lead = try w1.addLead(["contact_name": "复发妈妈", "mobile": "13812340066", "source_channel": "ground_promotion"])
            let copy = try ReplicaCopy(of: w1, named: "w1", on: server)
            try await w1.sync()

            let restored = try copy.opened()
            let report = try await restored.sync()
            #expect(report.renumbered > 0)
            #expect(report.rejected.isEmpty, "\(report.rejected)")
            #expect(try restored.replica.journalEntries(in: .rejected).isEmpty)
            #expect(try await serverState(server, lead)?.values[FieldName("source_channel")] == .text("ground_promotion"))
            try await expectConvergedInScope([restored], server: server)
        }
    }
}

/// A copy of a laptop's replica file (and its log), made as a backup would make it, and
/// opened later as that laptop: put back on it, or on a second machine.
private struct ReplicaCopy {
    let path: String
    let laptop: Laptop
    let server: RunningServer

    /// Copies the replica file of `laptop`, `name`.sqlite in the server's directory.
    init(of laptop: Laptop, named name: String, on server: RunningServer) throws {
        let original = server.directory.appendingPathComponent("\(name).sqlite").path
        path = server.directory.appendingPathComponent("\(name)-copy.sqlite").path
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: original + suffix) {
            try FileManager.default.copyItem(atPath: original + suffix, toPath: path + suffix)
        }
        self.laptop = laptop
        self.server = server
    }

    /// The copy opened as the laptop's user, on the laptop's clock.
    func opened() throws -> Laptop {
        try Laptop(opening: path, user: laptop.user, serverURL: server.url, clock: laptop.clock)
    }
}
