import Foundation
import GRDB
import OutpostCore
import OutpostProtocol
import OutpostReplica
@testable import outpost
import Testing

/// `outpost status` counts the user's unread notifications (R-6.5 warnings and the like).
@Suite struct StatusSummaryTests {
    private func notification(_ id: String, to recipient: String, readAt: Int64? = nil) -> PulledRow {
        let clock = HLCTimestamp(wallMilliseconds: 1_000, counter: 0, deviceID: DeviceID("server"))
        var values: [String: FieldValue] = [
            "recipient_id": .text(recipient), "kind": .text("reclaim_warning"), "message": .text("Follow up"),
            "dedup_key": .text(id), "created_at": .integer(1_000),
        ]
        if let readAt { values["read_at"] = .integer(readAt) }
        return PulledRow(entity: EntityName("notification"), id: RowID(id), fields: values.mapValues {
            WireFieldVersion(FieldVersion(value: $0, clock: clock, author: UserID("system")))
        })
    }

    @Test func statusCountsOnlyTheUsersUnreadNotifications() throws {
        let replica = try Replica(writer: DatabaseQueue())
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        try replica.apply(PullPage(rows: [notification("n1", to: "u-wang"), notification("n2", to: "u-wang", readAt: 2_000),
                                          notification("n3", to: "u-sun")],   // a team lead's laptop may hold a colleague's
                                   nextCursor: PullCursor(rawValue: "c1.3.3"), hasMore: false))
        let summary = try StatusSummary(replica: replica)
        #expect(summary.unreadNotifications == 1)
        #expect(summary.rendered().contains("inbox        1 unread notification (see `outpost list notification`)"))
        try replica.update(EntityName("notification"), id: RowID("n1"), values: [FieldName("read_at"): .integer(3_000)], now: 3_000)
        #expect(try StatusSummary(replica: replica).unreadNotifications == 0)
    }

    @Test func aRefusedFollowUpShowsWhatItSaid() throws {
        let replica = try Replica(writer: DatabaseQueue())
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-zhao"), token: "t")
        let note = "电话沟通：家长想周六下午试听，孩子五年级，对编程很感兴趣"
        _ = try replica.create(EntityName("follow_up"), values: [
            FieldName("subject_type"): .text("lead"), FieldName("subject_id"): .text("019a95fa-4c00-7d21-8e4f-5a6b7c8d9e0f"),
            FieldName("method"): .text("phone"), FieldName("content"): .text(note), FieldName("occurred_at"): .integer(1_000),
        ], now: 1_000)
        let pending = try replica.pendingEntries(limit: 100)
        try replica.record(PushResponse(results: pending.map {
            PushResult(sequence: $0.sequence, status: .rejected, code: ErrorCode(rawValue: "permission.not_in_scope"), message: "Not yours.")
        }, logPosition: PullCursor(rawValue: "c1.0.0")))
        let summary = try StatusSummary(replica: replica)
        #expect(summary.rejected.contains { $0.field == "content" && $0.value == note }, "the JSON form has the text whole")
        #expect(summary.rendered().contains(note), "and so does the table")
    }
}
