import Foundation
import GRDB
import OutpostCore
import OutpostProtocol
@testable import OutpostReplica
import Testing

/// What a replica does when rows leave its user's scope: evictions purge them, a pull the
/// server restarted drops what it did not deliver, and a row with edits still to push stays
/// until they are answered.
@Suite struct ReplicaScopeTests {
    private let lead = EntityName("lead")

    private func makeReplica() throws -> Replica {
        let replica = try Replica(writer: DatabaseQueue())
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        return replica
    }

    /// A row as the server sends it: a name and a mobile, written by the server.
    private func pulled(_ id: String, at wall: Int64 = 1_000) -> PulledRow {
        let clock = HLCTimestamp(wallMilliseconds: wall, counter: 0, deviceID: DeviceID("server"))
        return PulledRow(entity: lead, id: RowID(id), fields: [
            "contact_name": WireFieldVersion(FieldVersion(value: .text("家长 \(id)"), clock: clock, author: UserID("u-zhao"))),
            "source_channel": WireFieldVersion(FieldVersion(value: .text("walk_in"), clock: clock, author: UserID("u-zhao"))),
            "mobile": WireFieldVersion(FieldVersion(value: .text("13900001234"), clock: clock, author: UserID("u-zhao"))),
        ])
    }

    private func page(_ rows: [PulledRow], cursor: String, hasMore: Bool = false, restarted: Bool? = nil) -> PullPage {
        PullPage(rows: rows, nextCursor: PullCursor(rawValue: cursor), hasMore: hasMore, restarted: restarted)
    }

    @Test func anEvictionPurgesTheRowUnlessItHasEditsToPush() throws {
        let replica = try makeReplica()
        try replica.apply(page([pulled("a"), pulled("b")], cursor: "c1.2.2"))
        try replica.update(lead, id: RowID("b"), values: [FieldName("remark"): .text("not pushed yet")], now: 2_000)
        let effect = try replica.apply(page([.eviction(entity: lead, id: RowID("a")), .eviction(entity: lead, id: RowID("b")),
                                             .eviction(entity: lead, id: RowID("never-held"))], cursor: "c1.4.4"))
        #expect(effect.evictedRows == 2, "an eviction of a row the laptop never held is not a row that left it")
        #expect(try replica.row(lead, id: RowID("a")) == nil)
        #expect(try replica.row(lead, id: RowID("b"))?.values[FieldName("remark")] == .text("not pushed yet"),
                "an unsynced edit is never silently dropped")
        // Once the edit is answered (here refused: the row is someone else's now), the row goes;
        // the refusal stays in the journal with its reason.
        let pending = try #require(try replica.journalEntries(in: .pending).first)
        try replica.record(PushResponse(results: [PushResult(sequence: pending.sequence, status: .rejected,
                                                             code: ErrorCode(rawValue: "permission.not_owner"), message: "reassigned")],
                                        logPosition: PullCursor(rawValue: "c1.5.5")), answeredAt: 3_000)
        #expect(try replica.row(lead, id: RowID("b")) == nil)
        #expect(try replica.journalEntries(in: .rejected).map(\.code?.rawValue) == ["permission.not_owner"])
    }

    @Test func aRestartedPullDropsTheRowsItDidNotDeliver() throws {
        let replica = try makeReplica()
        try replica.apply(page([pulled("a"), pulled("b"), pulled("c")], cursor: "c1.3.3"))
        let mine = try replica.create(lead, values: [FieldName("contact_name"): .text("新家长"), FieldName("source_channel"): .text("walk_in"),
                                                     FieldName("telephone"): .text("010-12345678")], now: 3_000)
        // The user's scope changed: the server starts again and delivers only "a", over two pages.
        try replica.apply(page([], cursor: "c2.0.0.x", hasMore: true, restarted: true))
        #expect(try replica.row(lead, id: RowID("b")) != nil, "nothing is dropped before the restarted pull ends")
        let end = try replica.apply(page([pulled("a")], cursor: "c2.5.5.x"))
        #expect(end.droppedRows == 2, "the sync's summary counts them as rows that left the user's scope")
        #expect(try replica.row(lead, id: RowID("a")) != nil)
        #expect(try replica.row(lead, id: RowID("b")) == nil)
        #expect(try replica.row(lead, id: RowID("c")) == nil)
        #expect(try replica.row(lead, id: mine) != nil, "a row still to push stays")
        // The next ordinary pull drops nothing.
        #expect(try replica.apply(page([], cursor: "c2.6.6.x")).droppedRows == 0)
        #expect(try replica.row(lead, id: RowID("a")) != nil)
    }

    /// A conflict Wang lost on `field` of lead `row` to Zhao's value `winner`.
    private func lostConflict(_ id: String, row: String, field: String, winner: String, position: Int64) -> ConflictEntry {
        let clock = HLCTimestamp(wallMilliseconds: 1_000, counter: 0, deviceID: DeviceID("server"))
        let record = ConflictRecord(entity: lead, rowID: RowID(row), field: FieldName(field),
                                    winner: FieldVersion(value: .text(winner), clock: clock, author: UserID("u-zhao")),
                                    loser: FieldVersion(value: .text("mine"), clock: HLCTimestamp(wallMilliseconds: 900, counter: 0, deviceID: DeviceID("w1")),
                                                        author: UserID("u-wang")),
                                    rule: "lastWriterWins")
        return ConflictEntry(id: id, position: position, record: record, recordedAt: 1_000)
    }

    @Test func aLostConflictShowsTheWinningValueOnlyWhileTheUserMayReadIt() throws {
        let replica = try makeReplica()
        try replica.apply(page([pulled("a"), pulled("b"), pulled("c")], cursor: "c1.3.3"))
        try replica.store(ConflictList(conflicts: [
            lostConflict("k1", row: "a", field: "mobile", winner: "13900005555", position: 1),
            lostConflict("k2", row: "b", field: "mobile", winner: "13900006666", position: 2),
            lostConflict("k3", row: "b", field: "contact_name", winner: "赵家长", position: 3),
            lostConflict("k4", row: "c", field: "mobile", winner: "13900007777", position: 4),
        ], next: 4))
        // "a" leaves Wang's scope; "b" comes back through a pool that hides its mobile.
        var throughPool = pulled("b", at: 2_000)
        throughPool.fields["mobile"] = nil
        throughPool.replaces = true
        try replica.apply(page([.eviction(entity: lead, id: RowID("a")), throughPool], cursor: "c1.5.5"))
        var lost = Dictionary(uniqueKeysWithValues: try replica.lostConflicts().map { ($0.id, $0) })
        #expect(lost["k1"]?.winnerHidden == true)
        #expect(lost["k1"]?.winningValue == .null, "another user's mobile on a lead Wang no longer holds")
        #expect(lost["k1"]?.myValue == .text("mine"), "what Wang wrote, and that it lost, stay")
        #expect(lost["k2"]?.winnerHidden == true)
        #expect(lost["k2"]?.winningValue == .null, "the pool hides the mobile")
        #expect(lost["k3"]?.winnerHidden == false)
        #expect(lost["k3"]?.winningValue == .text("赵家长"), "a field the pool shows keeps its winner")
        #expect(lost["k4"]?.winningValue == .text("13900007777"))

        // A restarted pull that does not deliver "c" hides its conflict too.
        try replica.apply(page([throughPool], cursor: "c2.6.6.x", restarted: true))
        lost = Dictionary(uniqueKeysWithValues: try replica.lostConflicts().map { ($0.id, $0) })
        #expect(lost["k4"]?.winnerHidden == true)
        #expect(lost["k4"]?.winningValue == .null)
        #expect(lost["k3"]?.winningValue == .text("赵家长"))
    }
}
