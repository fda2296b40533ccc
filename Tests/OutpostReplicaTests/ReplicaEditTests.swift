import Foundation
import GRDB
import OutpostCore
import OutpostProtocol
@testable import OutpostReplica
import OutpostTestSupport
import Testing

/// Local edits on the replica: the row, its stamps and the journal land together or not at
/// all; pulls and push answers reconcile with the shared merge rules. Every body runs on an
/// in-memory queue and on a WAL pool in a real file.
@Suite struct ReplicaEditTests {
    private let lead = EntityName("lead")
    private static let writers: [String] = ["queue", "pool"]

    /// A lead's values with what R-1.1 requires besides the name: a source and a way to reach.
    private func newLead(_ values: [String: FieldValue]) -> [FieldName: FieldValue] {
        var row = [FieldName("source_channel"): FieldValue.text("walk_in"), FieldName("telephone"): .text("010-12345678")]
        for (field, value) in values { row[FieldName(field)] = value }
        return row
    }

    private func makeReplica(_ kind: String) throws -> Replica {
        let replica: Replica
        if kind == "queue" {
            replica = try Replica(writer: DatabaseQueue())
        } else {
            let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
            replica = try Replica(path: path)
        }
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        return replica
    }

    @Test(arguments: writers)
    func anEditWritesRowStampsAndJournalTogether(kind: String) throws {
        let replica = try makeReplica(kind)
        let id = try replica.create(lead, values: newLead(["contact_name": .text("王妈妈"), "intent_level": .text("B")]), now: 1_000)
        let row = try #require(try replica.row(lead, id: id))
        #expect(row.values[FieldName("contact_name")] == .text("王妈妈"))
        #expect(row.values[FieldName("created_at")] == .integer(1_000))
        let pending = try replica.pendingEntries(limit: 10)
        #expect(pending.count == 5)
        #expect(Set(pending.map(\.change.field.rawValue)) == ["contact_name", "intent_level", "source_channel", "telephone", "created_at"])
        #expect(Set(pending.map(\.change.clock)).count == 5)   // one tick per entry
        for entry in pending {
            #expect(row.stamps[entry.change.field]?.clock == entry.change.clock)
        }

        try replica.update(lead, id: id, values: [FieldName("intent_level"): .text("A")], now: 2_000)
        let edit = try #require(try replica.pendingEntries(limit: 10).last)
        #expect(edit.change.base == row.stamps[FieldName("intent_level")]?.clock)
        #expect(edit.change.clock > row.stamps[FieldName("intent_level")]!.clock)
    }

    @Test(arguments: writers)
    func anInvalidEditChangesNothing(kind: String) throws {
        let replica = try makeReplica(kind)
        let id = try replica.create(lead, values: newLead(["contact_name": .text("王妈妈")]), now: 1_000)
        let before = try replica.row(lead, id: id)
        let journalBefore = try replica.pendingCount()
        #expect(throws: ReplicaError.self) {
            try replica.update(lead, id: id, values: [FieldName("remark"): .text("ok"), FieldName("intent_level"): .text("Z")], now: 2_000)
        }
        #expect(throws: ReplicaError.self) {
            try replica.update(lead, id: id, values: [FieldName("created_at"): .integer(5)], now: 2_000)
        }
        // Refused by the merge after the first field's journal entry was written: rolled back.
        #expect(throws: ReplicaError.self) {
            try replica.update(lead, id: id, values: [FieldName("contact_name"): .text("王女士"), FieldName("created_at"): .integer(5)], now: 2_000)
        }
        #expect(throws: ReplicaError.self) { try replica.create(lead, values: [FieldName("mobile"): .text("1")], now: 2_000) }
        #expect(throws: ReplicaError.self) { try replica.create(lead, values: [FieldName("contact_name"): .text("李爸爸")], now: 2_000) }
        #expect(try replica.row(lead, id: id) == before)
        #expect(try replica.pendingCount() == journalBefore)
        #expect(try replica.rows(lead).count == 1)
    }

    /// Text is stored as the server stores it: NFC, trimmed (DOMAIN §3.1), so two laptops
    /// typing one word in two Unicode forms hold the same bytes (round 32's divergence).
    @Test(arguments: writers)
    func textIsJournaledInNFCWithoutSpaceAtItsEnds(kind: String) throws {
        let replica = try makeReplica(kind)
        let id = try replica.create(lead, values: newLead(["contact_name": .text("  Zoe\u{308} 妈妈\n")]), now: 1_000)
        let stored = try #require(try replica.row(lead, id: id)?.values[FieldName("contact_name")]?.textValue)
        #expect(Array(stored.utf8) == Array("Zo\u{EB} 妈妈".utf8))
        let journaled = try #require(try replica.pendingEntries(limit: 10).first { $0.change.field == FieldName("contact_name") })
        #expect(journaled.change.value.textValue.map { Array($0.utf8) } == Array("Zo\u{EB} 妈妈".utf8))
        #expect(throws: ReplicaError.self, "a name of nothing but a zero-width space is no name") {
            try replica.update(lead, id: id, values: [FieldName("contact_name"): .text("\u{200B}")], now: 2_000)
        }
    }

    @Test(arguments: writers)
    func aPulledPageKeepsNewerPendingEditsAndAdoptsTheRest(kind: String) throws {
        let replica = try makeReplica(kind)
        let id = try replica.create(lead, values: newLead(["contact_name": .text("mine"), "remark": .text("mine")]), now: 10_000)
        let clockOf = { (field: String) in try #require(try replica.row(self.lead, id: id)?.stamps[FieldName(field)]?.clock) }
        let localName = try clockOf("contact_name")
        // The server sends an older contact_name (pending local edit is newer: kept) and a
        // remark from another device (no pending edit after we pretend remark was answered).
        let older = FieldVersion(value: .text("theirs"), clock: HLCTimestamp(wallMilliseconds: 5_000, counter: 0, deviceID: DeviceID("z1")), author: UserID("u-zhao"))
        let newer = FieldVersion(value: .text("theirs"), clock: HLCTimestamp(wallMilliseconds: 20_000, counter: 0, deviceID: DeviceID("z1")), author: UserID("u-zhao"))
        let page = PullPage(rows: [PulledRow(entity: lead, id: id, fields: [
            "contact_name": WireFieldVersion(older), "remark": WireFieldVersion(newer),
        ])], nextCursor: PullCursor(rawValue: "c1.9"), hasMore: false)
        try replica.apply(page)
        let row = try #require(try replica.row(lead, id: id))
        #expect(row.values[FieldName("contact_name")] == .text("mine"))
        #expect(row.stamps[FieldName("contact_name")]?.clock == localName)
        #expect(row.values[FieldName("remark")] == .text("theirs"))
        #expect(try replica.cursor() == PullCursor(rawValue: "c1.9"))

        // Later edits tick above every clock seen in the pull.
        try replica.update(lead, id: id, values: [FieldName("student_name"): .text("小明")], now: 1)
        #expect(try clockOf("student_name") > newer.clock)
    }

    @Test(arguments: writers)
    func aPushBatchStaysWithinItsLimitAndNeverSplitsAnEdit(kind: String) throws {
        let replica = try makeReplica(kind)
        let first = try replica.create(lead, values: newLead(["contact_name": .text("王妈妈")]), now: 10_000)
        let perLead = try replica.pendingCount()
        _ = try replica.create(lead, values: newLead(["contact_name": .text("李爸爸")]), now: 11_000)
        // The limit falls inside the second lead's edit: the batch ends before it.
        let batch = try replica.pendingEntries(limit: perLead + 2)
        #expect(batch.count == perLead)
        #expect(batch.allSatisfy { $0.change.rowID == first })
        // One edit larger than the limit goes whole (the server's limit is far above one row's fields).
        #expect(try replica.pendingEntries(limit: 2).count == perLead)
    }

    @Test(arguments: writers)
    func rejectedAndClampedAnswersBringTheServersVersion(kind: String) throws {
        let replica = try makeReplica(kind)
        let id = try replica.create(lead, values: newLead(["contact_name": .text("王妈妈")]), now: 10_000)
        let entries = try replica.pendingEntries(limit: 10)
        let name = try #require(entries.first { $0.change.field == FieldName("contact_name") })
        let createdAt = try #require(entries.first { $0.change.field == FieldName("created_at") })
        let serverVersion = FieldVersion(value: .text("王女士"), clock: HLCTimestamp(wallMilliseconds: 9_000, counter: 0, deviceID: DeviceID("z1")), author: UserID("u-zhao"))
        let clamped = HLCTimestamp(wallMilliseconds: 9_500, counter: 0, deviceID: createdAt.change.clock.deviceID)
        try replica.record(PushResponse(results: [
            PushResult(sequence: name.sequence, status: .rejected, code: ErrorCode(rawValue: "permission.not_owner"),
                       message: "lead was reassigned", currentVersion: WireFieldVersion(serverVersion)),
            PushResult(sequence: createdAt.sequence, status: .applied, storedClock: clamped),
        ], logPosition: PullCursor(rawValue: "c1.3")))

        let row = try #require(try replica.row(lead, id: id))
        #expect(row.values[FieldName("contact_name")] == .text("王女士"))
        #expect(row.stamps[FieldName("created_at")]?.clock == clamped)
        let rejected = try replica.journalEntries(in: .rejected)
        #expect(rejected.map(\.sequence) == [name.sequence])
        #expect(rejected.first?.code?.rawValue == "permission.not_owner")
        #expect(rejected.first?.message == "lead was reassigned")
        #expect(try replica.pendingCount() == entries.count - 2)
        #expect(try replica.passesIntegrityCheck())
    }

    /// An edit's entries go into the journal in one statement; an edit of more fields than
    /// the statements made in advance (16) gets one of its own, with every entry in field order.
    @Test(arguments: writers)
    func anEditOfManyFieldsJournalsEveryOneInFieldOrder(kind: String) throws {
        let answers = (1...20).map { FieldName("answer_\(String(format: "%02d", $0))") }
        let wide = EntitySchema("survey", fields: answers.map { FieldSchema($0.rawValue, .text(maximumLength: 20)) })
        let replica: Replica
        if kind == "queue" {
            replica = try Replica(writer: DatabaseQueue(), schema: Schema(version: 1, entities: [wide]))
        } else {
            let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
            replica = try Replica(path: path, schema: Schema(version: 1, entities: [wide]))
        }
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        let values = Dictionary(uniqueKeysWithValues: answers.map { ($0, FieldValue.text("是 \($0.rawValue)")) })
        let id = try replica.create(wide.name, values: values, now: 1_000)
        try replica.update(wide.name, id: id, values: [FieldName("answer_07"): .text("否")], now: 1_000)
        let pending = try replica.pendingEntries(limit: 100)
        #expect(pending.map(\.change.field) == answers + [FieldName("answer_07")])
        #expect(pending.dropLast().map(\.change.value) == answers.map { .text("是 \($0.rawValue)") })
        #expect(pending.map(\.change.clock) == pending.map(\.change.clock).sorted())
        #expect(Set(pending.map(\.change.clock)).count == 21)
        #expect(pending.last?.change.base == pending[6].change.clock)
        #expect(try replica.row(wide.name, id: id)?.values[FieldName("answer_07")] == .text("否"))
    }
}
