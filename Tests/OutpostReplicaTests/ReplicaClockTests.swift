import Foundation
import GRDB
import OutpostCore
@testable import OutpostReplica
import OutpostTestSupport
import Testing

/// The device's clock survives the process: an edit saves no clock of its own (its journal
/// entries carry it), so a reopened replica must find its last reading in the journal, take
/// the readings it received into account, and, after a handshake restarted a clock stamped
/// far in the future, stop counting the entries stamped before. Edits share one wall time
/// here, so only the counter tells their readings apart.
@Suite struct ReplicaClockTests {
    private let lead = EntityName("lead")
    private let intent = FieldName("intent_level")
    private let newLead: [FieldName: FieldValue] = [
        FieldName("contact_name"): .text("王妈妈"), FieldName("source_channel"): .text("walk_in"),
        FieldName("mobile"): .text("13812345678"),
    ]

    private func makePath() throws -> String {
        try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
    }

    private func open(_ path: String, configure: Bool = false) throws -> Replica {
        let replica = try Replica(path: path)
        if configure {
            _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        }
        return replica
    }

    private func clocks(_ replica: Replica) throws -> [HLCTimestamp] {
        try replica.pendingEntries(limit: 1_000).map(\.change.clock)
    }

    @Test func aReopenedReplicaTicksAboveItsLastEdit() throws {
        let path = try makePath()
        var id = RowID("")
        var before: [HLCTimestamp] = []
        do {
            let replica = try open(path, configure: true)
            id = try replica.create(lead, values: newLead, now: 1_000)
            try replica.update(lead, id: id, values: [intent: .text("A")], now: 1_000)
            before = try clocks(replica)
        }
        let reopened = try open(path)
        try reopened.update(lead, id: id, values: [intent: .text("B")], now: 1_000)
        let after = try clocks(reopened)
        #expect(after.count == before.count + 1)
        #expect(after.last! > before.max()!)
        #expect(try reopened.row(lead, id: id)?.values[intent] == .text("B"))
    }

    @Test func aReceivedReadingAboveTheJournalCounts() throws {
        let path = try makePath()
        let replica = try open(path, configure: true)
        let id = try replica.create(lead, values: newLead, now: 1_000)
        let device = try replica.settings().deviceID
        let remote = HLCTimestamp(wallMilliseconds: 5_000, counter: 7, deviceID: DeviceID("another-laptop"))
        try replica.database.write { db in try replica.receive(remote, in: db, deviceID: device) }
        try open(path).update(lead, id: id, values: [intent: .text("A")], now: 1_000)
        let last = try #require(try clocks(replica).last)
        #expect(last.wallMilliseconds == 5_000 && last.counter == 8)
    }

    @Test func aHandshakeRestartsAClockStampedFarInTheFuture() throws {
        let path = try makePath()
        let future: Int64 = 4_000_000_000_000   // 2096: the laptop's clock was wrong
        let serverTime: Int64 = 1_800_000_000_000
        var id = RowID("")
        do {
            let replica = try open(path, configure: true)
            id = try replica.create(lead, values: newLead, now: future)
            try replica.recordHandshake(serverTime: serverTime, clientTime: future, maximumSkew: 600_000)
            try replica.update(lead, id: id, values: [intent: .text("A")], now: future)
            try replica.update(lead, id: id, values: [intent: .text("B")], now: future)
            let restarted = try clocks(replica).suffix(2)
            #expect(restarted.map(\.wallMilliseconds) == [serverTime, serverTime])
            #expect(restarted.map(\.counter) == [0, 1])
        }
        // After a restart of the process too: the entries before the handshake still do not count.
        let reopened = try open(path)
        try reopened.update(lead, id: id, values: [intent: .text("C")], now: future)
        let last = try #require(try clocks(reopened).last)
        #expect(last.wallMilliseconds == serverTime && last.counter == 2)
    }
}
