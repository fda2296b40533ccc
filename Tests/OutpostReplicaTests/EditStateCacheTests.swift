import Foundation
import GRDB
import OutpostCore
@testable import OutpostReplica
import OutpostTestSupport
import Testing

/// The sync state one local edit keeps for the next (`EditStateCache`): it is used only while
/// nothing else has written to the file, so no two entries of a device ever share a clock and
/// every edit sees the latest server offset. Each edit below is made at the same wall time, so
/// only the clock's counter tells them apart: a stale kept clock would issue a reading twice.
@Suite struct EditStateCacheTests {
    private let lead = EntityName("lead")
    private let intent = FieldName("intent_level")

    private func newLead() -> [FieldName: FieldValue] {
        [FieldName("contact_name"): .text("王妈妈"), FieldName("source_channel"): .text("walk_in"),
         FieldName("mobile"): .text("13812345678")]
    }

    private func makeReplica(_ kind: String, path: String? = nil) throws -> Replica {
        let replica = kind == "queue" ? try Replica(writer: DatabaseQueue()) : try Replica(path: path!)
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        return replica
    }

    /// Every pending entry's clock, in journal order: all distinct and rising.
    private func expectDistinctRisingClocks(_ replica: Replica) throws {
        let clocks = try replica.pendingEntries(limit: 1_000).map(\.change.clock)
        #expect(Set(clocks).count == clocks.count)
        #expect(clocks == clocks.sorted())
    }

    @Test func anEditThroughAnotherConnectionToTheFileIsSeen() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
        let first = try makeReplica("pool", path: path)
        let second = try Replica(path: path)   // another process would open the file the same way
        let id = try first.create(lead, values: newLead(), now: 1_000)
        try first.update(lead, id: id, values: [intent: .text("A")], now: 1_000)   // keeps its state
        try second.update(lead, id: id, values: [intent: .text("B")], now: 1_000)
        try first.update(lead, id: id, values: [intent: .text("C")], now: 1_000)
        try expectDistinctRisingClocks(first)
        #expect(try first.row(lead, id: id)?.values[intent] == .text("C"))
    }

    @Test(arguments: ["queue", "pool"])
    func aHandshakeBetweenTwoEditsMovesTheNextEdit(kind: String) throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
        let replica = try makeReplica(kind, path: path)
        let id = try replica.create(lead, values: newLead(), now: 1_000)
        try replica.update(lead, id: id, values: [intent: .text("A")], now: 1_000)
        try replica.recordHandshake(serverTime: 61_000, clientTime: 1_000, maximumSkew: 600_000)
        try replica.update(lead, id: id, values: [intent: .text("B")], now: 1_000)
        let last = try #require(try replica.pendingEntries(limit: 1_000).last)
        #expect(last.change.clock.wallMilliseconds == 61_000)
    }

    @Test(arguments: ["queue", "pool"])
    func editsInOneTransactionAfterAKeptStateEachTickTheClock(kind: String) throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
        let replica = try makeReplica(kind, path: path)
        let id = try replica.create(lead, values: newLead(), now: 1_000)
        try replica.update(lead, id: id, values: [intent: .text("A")], now: 1_000)   // keeps its state
        // A customer, a contact, a student, an opportunity and the command, in one transaction.
        _ = try replica.convert(lead: id, now: 1_000)
        try replica.update(lead, id: id, values: [intent: .text("B")], now: 1_000)
        try expectDistinctRisingClocks(replica)
    }
}
