import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostProtocol
@testable import OutpostReplica
import Testing

/// A follow-up a manager redacted keeps no trace of its words on the author's laptop: the row
/// shows the marker, and so do the journal entries that wrote it (round 22).
@Suite struct RedactedFollowUpTests {
    @Test func aPulledRedactionScrubsTheAuthorsJournalToo() throws {
        let replica = try Replica(writer: DatabaseQueue())
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        let secret = "妈妈说孩子有多动症"
        let id = try replica.create(EntityName("follow_up"), values: [
            FieldName("subject_type"): .text("lead"), FieldName("subject_id"): .text("l1"), FieldName("method"): .text("phone"),
            FieldName("content"): .text(secret), FieldName("occurred_at"): .integer(1_000),
            FieldName("attachment_refs"): .list([.text("photo-1")]),
        ], now: 1_000)
        let pending = try replica.journalEntries(in: .pending)
        #expect(pending.contains { $0.change.value == .text(secret) })
        // Pushed and applied before the manager redacts it.
        try replica.record(PushResponse(results: pending.map { PushResult(sequence: $0.sequence, status: .applied) },
                                        logPosition: PullCursor(rawValue: "c1.0.0")), answeredAt: 2_000)

        let clock = HLCTimestamp(wallMilliseconds: 5_000, counter: 0, deviceID: DeviceID("server"))
        func version(_ value: FieldValue) -> WireFieldVersion { WireFieldVersion(FieldVersion(value: value, clock: clock, author: UserID("u-chen"))) }
        try replica.apply(PullPage(rows: [PulledRow(entity: EntityName("follow_up"), id: id, fields: [
            "redacted": version(.bool(true)), "content": version(.text(OutpostSchema.FollowUp.redactedContent)), "attachment_refs": version(.null),
        ])], nextCursor: PullCursor(rawValue: "c1.1.1"), hasMore: false))

        #expect(try replica.row(EntityName("follow_up"), id: id)?.values[FieldName("content")] == .text(OutpostSchema.FollowUp.redactedContent))
        let entries = try replica.journalEntries(in: .pending, .applied, .superseded, .rejected).filter { $0.change.rowID == id }
        #expect(!entries.isEmpty)
        #expect(!entries.contains { $0.change.value == .text(secret) }, "the words are gone from the journal")
        #expect(!entries.contains { $0.change.value == .list([.text("photo-1")]) })
    }
}
