import Foundation
import OutpostCore
import OutpostDomain
import OutpostReplica
import OutpostTestSupport
import Testing

/// A row that leaves one of a reader's keys while the reader still holds it through another
/// (a pool lead claimed: it leaves the pool, stays in the branch) is not evicted from the
/// reader's laptop, even when the row is written again before the reader pulls, so that its
/// other keys' entries move past the one it left (DESIGN invariant 1: every replica holds
/// exactly the server's view of its scope).
@Suite struct ScopeKeyLeftBeforeLaterWriteTests {
    private let lead = EntityName("lead")

    @Test(arguments: StoreKind.allCases)
    func aClaimedThenEditedPoolLeadStaysWholeOnTheBranchManagersLaptop(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            let id = try w1.addLead(["contact_name": "范妈妈", "mobile": "13500009991", "source_channel": "ground_promotion",
                                     "student_name": "小范"])
            try await w1.sync()
            try w1.replica.enqueue(.release, on: lead, id: id, arguments: [:], now: w1.clock.now)
            server.clock.advance(by: 60_000)
            #expect(try await w1.sync().rejected.isEmpty)
            try await z1.sync()
            try await c1.sync()
            #expect(try c1.lead(id)?.values[FieldName("contact_name")] == .text("范妈妈"))

            // Zhao claims it and syncs, then edits it and syncs again, before Chen pulls.
            try z1.replica.enqueue(.claim, on: lead, id: id, arguments: [:], now: z1.clock.now)
            server.clock.advance(by: 60_000)
            #expect(try await z1.sync().rejected.isEmpty)
            try z1.editLead(id, ["remark": "called, wants trial"])
            server.clock.advance(by: 60_000)
            #expect(try await z1.sync().rejected.isEmpty)

            let report = try await c1.sync()
            #expect(report.evictedRows == 0, "the lead never left Chen's branch")
            let held = try #require(try c1.lead(id))
            #expect(held.values[FieldName("contact_name")] == .text("范妈妈"))
            #expect(held.values[FieldName("mobile")] == .text("13500009991"))
            #expect(held.values[FieldName("remark")] == .text("called, wants trial"))
            #expect(held.values[FieldName("owner_id")] == .text("u-zhao"))
            try await w1.sync()
            try await expectConvergedInScope([w1, z1, c1], server: server)
        }
    }
}
