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
}
