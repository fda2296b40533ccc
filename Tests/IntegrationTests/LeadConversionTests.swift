import Foundation
import OutpostCore
import OutpostDomain
import OutpostReplica
import OutpostTestSupport
import Testing

/// Converting a lead offline through a real server: what a refused convert leaves behind, and
/// how a convert and a concurrent `mark_invalid` settle whatever the sync order.
@Suite struct LeadConversionTests {
    private let lead = EntityName("lead")

    /// A convert refused because the lead was transferred away meanwhile changes nothing: its
    /// provisional rows are not kept by the server, and Wang's laptop drops them once it learns
    /// of the refusal (DESIGN "Pending local effects"), so every replica agrees.
    @Test(arguments: StoreKind.allCases)
    func aRefusedConvertLeavesNoProvisionalRowsAnywhere(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)   // his branch manager
            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            let id = try w1.addLead(["contact_name": "孙妈妈", "mobile": "13712340004", "student_name": "小孙"])
            try await w1.sync()
            try await c1.sync()
            try c1.replica.enqueue(.transfer, on: lead, id: id, arguments: ["to_user": .text("u-zhao")], now: c1.clock.now)
            server.clock.advance(by: 60_000)
            try await c1.sync()

            // Wang, still offline, converts the lead that is no longer his.
            w1.clock.advance(by: 120_000)
            let converted = try w1.replica.convert(lead: id, now: w1.clock.now)
            server.clock.advance(by: 180_000)
            let report = try await w1.sync()
            #expect(report.rejected.compactMap(\.command).map(\.name) == [.convert])
            try await w1.sync()

            let provisional: [(EntityName, RowID?)] = [
                (EntityName("customer"), converted.customer), (EntityName("contact"), converted.contact),
                (EntityName("student"), converted.student), (EntityName("opportunity"), converted.opportunity),
            ]
            for (entity, rowID) in provisional {
                let rowID = try #require(rowID)
                #expect(try w1.replica.row(entity, id: rowID).map(\.isDeleted) ?? true, "\(entity) stays on Wang's laptop")
                #expect(try await serverRows(server, entity: entity)[rowID].map(\.isDeleted) ?? true, "\(entity) stays on the server")
            }
            try await z1.sync()
            try await c1.sync()
            try await expectConvergedInScope([w1, c1, z1], server: server)
        }
    }
}
