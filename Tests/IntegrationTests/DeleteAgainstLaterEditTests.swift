import Foundation
import OutpostCore
import OutpostDomain
import OutpostReplica
import OutpostTestSupport
import Testing

/// A branch manager deletes a lead while its salesperson, who has not seen the delete, edits it
/// later (a higher clock). The salesperson may not lift a tombstone (DOMAIN §2.9, README "only
/// Chen may lift it again"), so the lead stays deleted with the edit kept beneath the tombstone
/// (DOMAIN §3.2 rule 6), whichever of the two reaches the server first (DESIGN invariant 1); the
/// salesperson's edit is a lost write in their conflict list (invariant 2), and the manager's
/// restore brings the lead back with it. Real HTTP, both stores, both arrival orders.
@Suite struct DeleteAgainstLaterEditTests {
    /// Which laptop syncs first after the delete and the edit.
    enum Arrival: String, CaseIterable, Sendable, CustomStringConvertible {
        case editFirst, deleteFirst
        var description: String { rawValue }
    }

    private let lead = EntityName("lead")

    @Test(arguments: StoreKind.allCases, Arrival.allCases)
    func aSalespersonsLaterEditDoesNotUndoAManagersDeleteInEitherOrder(store: StoreKind, arrival: Arrival) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            let id = try w1.addLead(["contact_name": "测试", "mobile": "13811112222"])
            try await w1.sync()
            try await c1.sync()
            #expect(try c1.lead(id) != nil, "the lead is in Chen's branch")

            c1.clock.advance(by: 1_000)
            try c1.replica.delete(lead, id: id, now: c1.clock.now)
            w1.clock.advance(by: 2_000)
            // Two fields in one edit: the second has the first's millisecond (round 24: it fell
            // beneath the tombstone stamped again just above the first, answered `applied`).
            try w1.editLead(id, ["remark": "later", "intent_level": "A"])
            server.clock.advance(by: 3_000)
            let first = arrival == .editFirst ? w1 : c1, second = arrival == .editFirst ? c1 : w1
            let firstReport = try await first.sync()
            let secondReport = try await second.sync()
            #expect(firstReport.rejected.isEmpty && secondReport.rejected.isEmpty)
            let wangsPush = arrival == .editFirst ? firstReport : secondReport, chensPush = arrival == .editFirst ? secondReport : firstReport
            #expect(chensPush.applied == 1, "Chen's delete is applied")
            #expect(wangsPush.superseded == (arrival == .deleteFirst ? 2 : 0),
                    "an edit that reaches a deleted lead is answered superseded; one that came first loses later")
            let wangsLastSync = try await w1.sync()
            try await c1.sync()

            let held = try #require(try await serverRows(server)[id])
            #expect(held.isDeleted, "the lead stays deleted in either order")
            #expect(held.values[FieldName("remark")] == .text("later"), "the edit is kept beneath the tombstone")
            #expect(held.stamps[.deleted]?.author == DemoUsers.chen.userID)
            #expect(try w1.lead(id)?.isDeleted == true && c1.lead(id)?.isDeleted == true)
            try await expectConvergedInScope([w1, c1], server: server)

            let lost = try await server.store.conflicts(lostBy: DemoUsers.wang.userID, after: 0, limit: 10).conflicts
            #expect(lost.map(\.field.rawValue).sorted() == ["intent_level", "remark"], "every field of the edit is a write Wang lost")
            #expect(lost.allSatisfy { $0.rowID == id && $0.rule == "tombstone" && $0.loser.version.author == DemoUsers.wang.userID })
            #expect(lost.allSatisfy { $0.winner.version.value == .bool(true) && $0.winner.version.author == DemoUsers.chen.userID })
            let conflict = try #require(lost.first { $0.field == FieldName("remark") })
            #expect(conflict.loser.version.value == .text("later"))
            #expect(wangsLastSync.newConflicts + (arrival == .deleteFirst ? wangsPush.newConflicts : 0) >= 1,
                    "Wang's laptop lists the write he lost")
            #expect(try await server.store.conflicts(lostBy: DemoUsers.chen.userID, after: 0, limit: 10).conflicts.isEmpty)

            // While the lead stays deleted, the lost writes are not his again (round 33: "yours again" showed).
            #expect(try w1.replica.lostConflicts().filter { $0.rowID == id }.allSatisfy { !$0.replacedByYou && !$0.changedByYouSince })

            // Only Chen lifts it again, and the restore brings back Wang's edit.
            c1.clock.advance(by: 10_000)
            try c1.replica.restore(lead, id: id, now: c1.clock.now)
            server.clock.advance(by: 10_000)
            try await c1.sync()
            try await w1.sync()
            let restored = try #require(try w1.lead(id))
            #expect(!restored.isDeleted && restored.values[FieldName("remark")] == .text("later"))
            try await expectConvergedInScope([w1, c1], server: server)
            // Wang's laptop still lists the writes he lost, each now marked as his value again.
            let listed = try w1.replica.lostConflicts().filter { $0.rowID == id }
            #expect(listed.map(\.field.rawValue).sorted() == ["intent_level", "remark"])
            #expect(listed.allSatisfy { $0.replacedByYou }, "the restore brought his edit back")
        }
    }
}
