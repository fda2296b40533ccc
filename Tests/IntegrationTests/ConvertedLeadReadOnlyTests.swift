import Foundation
import OutpostCore
import OutpostDomain
import OutpostReplica
import OutpostTestSupport
import Testing

/// A converted lead is read-only, through a real server: a write to it is refused
/// `lead.already_converted` and changes nothing, on the server and on the laptop that has
/// learnt of the conversion, and a merge that names it is refused with the same code.
@Suite struct ConvertedLeadReadOnlyTests {
    private let lead = EntityName("lead")
    private let remark = FieldName("remark")

    /// Chen edits the lead offline while Wang converts it. Chen's edits reach the server after
    /// the convert: refused, shown in his rejected list, and the lead keeps its values
    /// everywhere. Once his laptop has the conversion, it refuses a new edit itself.
    @Test(arguments: StoreKind.allCases)
    func aWriteToAConvertedLeadIsRefusedAndChangesNothing(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)   // his branch manager
            let id = try w1.addLead(["contact_name": "吴妈妈", "mobile": "13712340021", "student_name": "小吴", "remark": "first visit"])
            try await w1.sync()
            try await c1.sync()

            c1.clock.advance(by: 60_000)
            w1.clock.advance(by: 30_000)
            try c1.editLead(id, ["remark": "edited after convert", "intent_level": "D"])
            try c1.replica.update(lead, id: id, values: [.deleted: .bool(true)], now: c1.clock.now)
            _ = try w1.replica.convert(lead: id, now: w1.clock.now)
            server.clock.advance(by: 120_000)
            try await w1.sync()
            let report = try await c1.sync()
            #expect(report.applied == 0)
            #expect(report.rejected.map(\.code?.rawValue) == Array(repeating: "lead.already_converted", count: 3))
            let rejected = try c1.replica.journalEntries(in: .rejected).filter { $0.change.rowID == id }
            #expect(Set(rejected.map(\.change.field)) == [remark, FieldName("intent_level"), .deleted], "visible on Chen's laptop")
            try await w1.sync()

            for laptop in [w1, c1] {
                let row = try #require(try laptop.lead(id))
                #expect(!row.isDeleted)
                #expect(row.values[remark] == .text("first visit"), "\(laptop.user.name)")
                #expect(row.values[FieldName("intent_level")] ?? .null == .null, "\(laptop.user.name)")
                #expect(OutpostSchema.Lead.isConverted(row.values))
                #expect(row.values[FieldName("converted_customer_id")]?.textValue != nil)
            }
            try await expectConvergedInScope([w1, c1], server: server)

            // Now Wang's laptop knows: it refuses the edit before anything is journaled.
            let pending = try w1.replica.journalEntries(in: .pending).count
            #expect {
                try w1.editLead(id, ["remark": "too late"])
            } throws: { error in
                (error as? ReplicaError)?.code == "lead.already_converted"
            }
            #expect(try w1.replica.journalEntries(in: .pending).count == pending)
        }
    }

    /// A manager cannot fold a converted lead into another lead, nor another lead into it:
    /// either merge is refused `lead.already_converted`, and the conversion trail stays.
    @Test(arguments: StoreKind.allCases)
    func aMergeNamingAConvertedLeadIsRefused(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            let converted = try w1.addLead(["contact_name": "已转化", "mobile": "13712340022"])
            _ = try w1.replica.convert(lead: converted, now: w1.clock.now)
            server.clock.advance(by: 60_000)
            try await w1.sync()
            let fresh = try c1.addLead(["contact_name": "新线索", "mobile": "13712340023"])
            try await c1.sync()

            c1.clock.advance(by: 60_000)
            try c1.replica.enqueue(.merge, on: lead, id: fresh, arguments: ["tails": .list([.text(converted.rawValue)])], now: c1.clock.now)
            try c1.replica.enqueue(.merge, on: lead, id: converted, arguments: ["tails": .list([.text(fresh.rawValue)])], now: c1.clock.now)
            server.clock.advance(by: 60_000)
            let report = try await c1.sync()
            #expect(report.rejected.compactMap(\.command).map(\.name) == [.merge, .merge])
            #expect(report.rejected.map(\.code?.rawValue) == ["lead.already_converted", "lead.already_converted"])
            try await w1.sync()

            for laptop in [w1, c1] {
                let trail = try #require(try laptop.lead(converted))
                #expect(!trail.isDeleted && OutpostSchema.Lead.isConverted(trail.values), "\(laptop.user.name)")
                #expect(trail.values[FieldName("merged_into_id")] ?? .null == .null)
            }
            let head = try #require(try c1.lead(fresh))
            #expect(!head.isDeleted && head.values[FieldName("merged_into_id")] ?? .null == .null)
            #expect(!OutpostSchema.Lead.isConverted(head.values))
            try await expectConvergedInScope([w1, c1], server: server)
        }
    }

    /// A new lead of the same owner with a converted lead's mobile is not merged with it
    /// automatically, whichever is older: they are linked for a manager, and the trail stays.
    @Test(arguments: StoreKind.allCases)
    func aNewLeadWithAConvertedLeadsMobileIsLinkedNotMerged(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            // Created offline first, synced last: the older of the two.
            let earlier = try w1.addLead(["contact_name": "郑妈妈", "mobile": "13712340024", "remark": "second child"])
            let w2 = try Laptop("w2", user: DemoUsers.wang, server: server)
            w2.clock.advance(by: 60_000)
            let converted = try w2.addLead(["contact_name": "郑妈妈", "mobile": "13712340024"])
            _ = try w2.replica.convert(lead: converted, now: w2.clock.now)
            server.clock.advance(by: 120_000)
            try await w2.sync()
            try await w1.sync()
            try await w2.sync()

            for laptop in [w1, w2] {
                let trail = try #require(try laptop.lead(converted))
                #expect(!trail.isDeleted && OutpostSchema.Lead.isConverted(trail.values), "\(laptop.user.name)")
                #expect(trail.values[remark] ?? .null == .null, "the converted lead is not filled")
                #expect(try laptop.lead(earlier)?.isDeleted == false, "\(laptop.user.name)")
            }
            let links = try await serverRows(server, entity: EntityName("suspected_duplicate")).values.map {
                Set([$0.values[FieldName("subject_id")], $0.values[FieldName("other_id")]].compactMap { $0?.textValue })
            }
            #expect(links.contains([earlier.rawValue, converted.rawValue]))
            try await expectConvergedInScope([w1, w2], server: server)
        }
    }
}
