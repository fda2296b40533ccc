import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica
import OutpostTestSupport
import Testing

/// A converted lead is read-only, through a real server: a write to it is refused
/// `lead.already_converted` and changes nothing, on the server and on the laptop that has
/// learnt of the conversion, and so is every command that names it (claim, release, transfer,
/// share, unshare, mark_invalid, reopen, merge, a second convert).
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
    /// either merge, queued before his laptop learnt of the conversion, is refused
    /// `lead.already_converted`, and the conversion trail stays.
    @Test(arguments: StoreKind.allCases)
    func aMergeNamingAConvertedLeadIsRefused(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            let converted = try w1.addLead(["contact_name": "已转化", "mobile": "13712340022"])
            try await w1.sync()
            let fresh = try c1.addLead(["contact_name": "新线索", "mobile": "13712340023"])
            try await c1.sync()   // before the convert: his laptop queues what it would refuse later
            _ = try w1.replica.convert(lead: converted, now: w1.clock.now)
            server.clock.advance(by: 60_000)
            try await w1.sync()

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

    /// Every command a manager can name a lead with, as Chen queues them offline on Wang's lead.
    private static let managerCommands: [(name: CommandName, arguments: [String: FieldValue])] = [
        (.release, ["reason": .text("moved away")]),
        (.transfer, ["to_user": .text(DemoUsers.zhao.userID.rawValue), "reason": .text("covers Haidian")]),
        (.share, ["member": .text(DemoUsers.zhao.userID.rawValue), "access": .text("read_write")]),
        (.unshare, ["member": .text(DemoUsers.sun.userID.rawValue)]),
        (.markInvalid, ["reason": .text("wrong number")]),
        (.reopen, ["to_stage": .text("negotiation"), "reason": .text("parent called back")]),
    ]

    /// Chen, the branch manager, queues every lead command on Wang's lead offline while Wang
    /// converts it; Wang queues a claim of it and a second convert into the same customer
    /// behind his convert. Once the convert is in, each of them is refused
    /// `lead.already_converted`: no row changes and nothing enters the change log. Then the
    /// laptops know of the conversion and refuse every command themselves, queueing nothing.
    @Test(arguments: StoreKind.allCases)
    func everyCommandNamingAConvertedLeadIsRefusedAndChangesNothing(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)   // his branch manager
            let id = try w1.addLead(["contact_name": "冯妈妈", "mobile": "13712340025", "student_name": "小冯"])
            try await w1.sync()
            try await c1.sync()

            c1.clock.advance(by: 60_000)
            w1.clock.advance(by: 30_000)
            for command in Self.managerCommands {
                try c1.replica.enqueue(command.name, on: lead, id: id, arguments: command.arguments, now: c1.clock.now)
            }
            let conversion = try w1.replica.convert(lead: id, now: w1.clock.now)
            try w1.replica.enqueue(.claim, on: lead, id: id, now: w1.clock.now)
            try w1.replica.enqueue(.convert, on: lead, id: id, arguments: ["customer_id": .text(conversion.customer.rawValue)], now: w1.clock.now)
            server.clock.advance(by: 120_000)
            let wangReport = try await w1.sync()
            #expect(wangReport.rejected.compactMap(\.command).map(\.name) == [.claim, .convert])
            #expect(wangReport.rejected.map(\.code?.rawValue) == ["lead.already_converted", "lead.already_converted"])

            let converted = try #require(try await serverRows(server)[id])
            let endOfLog = try await changeLogEnd(of: server)
            let chenReport = try await c1.sync()
            #expect(chenReport.rejected.compactMap(\.command).map(\.name) == Self.managerCommands.map(\.name))
            #expect(chenReport.rejected.map(\.code?.rawValue) == Array(repeating: "lead.already_converted", count: Self.managerCommands.count))
            #expect(chenReport.rejected.allSatisfy { $0.message?.contains(conversion.customer.rawValue) == true }, "says where the data lives now")
            #expect(try await rowsLogged(after: endOfLog, by: server).isEmpty, "no change-log entry")
            let row = try #require(try await serverRows(server)[id])
            #expect(row.values == converted.values)
            #expect(row.stamps.byField.mapValues(\.clock) == converted.stamps.byField.mapValues(\.clock))
            let audited = try await serverRows(server, entity: EntityName("audit_log")).values.compactMap { $0.values[FieldName("action")]?.textValue }
            #expect(audited.filter { $0 == "convert" }.count == 1, "the second convert wrote nothing either")
            #expect(try await serverRows(server, entity: EntityName("record_share")).isEmpty)
            try await w1.sync()
            try await expectConvergedInScope([w1, c1], server: server)

            // Now both laptops know: each refuses every command before anything is queued.
            for laptop in [w1, c1] {
                let pending = try laptop.replica.journalEntries(in: .pending).count
                let customers = try laptop.replica.rows(EntityName("customer"), includingDeleted: true).count
                for command in Self.managerCommands + [(name: .claim, arguments: [:]), (name: .merge, arguments: ["tails": .list([.text(id.rawValue)])])] {
                    #expect {
                        try laptop.replica.enqueue(command.name, on: lead, id: id, arguments: command.arguments, now: laptop.clock.now)
                    } throws: { error in
                        (error as? ReplicaError)?.code == "lead.already_converted"
                    }
                }
                #expect {
                    _ = try laptop.replica.convert(lead: id, now: laptop.clock.now)
                } throws: { error in
                    (error as? ReplicaError)?.code == "lead.already_converted"
                }
                #expect(try laptop.replica.journalEntries(in: .pending).count == pending, "\(laptop.user.name)")
                #expect(try laptop.replica.rows(EntityName("customer"), includingDeleted: true).count == customers, "no provisional rows")
            }
        }
    }

    /// A converted lead in the branch's public pool (Chen converted it from the pool) is not
    /// claimed: Zhao's claim, queued before he knew, is refused `lead.already_converted` and
    /// the lead keeps no owner; once his laptop knows, it refuses the claim itself.
    @Test(arguments: StoreKind.allCases)
    func aConvertedLeadInThePoolCannotBeClaimed(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            let id = RowID("lead-pool-hd-1")
            try await c1.sync()
            try await z1.sync()
            #expect(try z1.lead(id)?.values[FieldName("pool_state")] == .text("public"))

            c1.clock.advance(by: 60_000)
            z1.clock.advance(by: 60_000)
            try z1.replica.enqueue(.claim, on: lead, id: id, now: z1.clock.now)
            _ = try c1.replica.convert(lead: id, now: c1.clock.now)
            server.clock.advance(by: 120_000)
            #expect(try await c1.sync().rejected.isEmpty)
            let converted = try #require(try await serverRows(server)[id])
            #expect(OutpostSchema.Lead.isConverted(converted.values))

            let endOfLog = try await changeLogEnd(of: server)
            let report = try await z1.sync()
            #expect(report.rejected.compactMap(\.command).map(\.name) == [.claim])
            #expect(report.rejected.map(\.code?.rawValue) == ["lead.already_converted"])
            #expect(try await rowsLogged(after: endOfLog, by: server).isEmpty, "no change-log entry")
            let row = try #require(try await serverRows(server)[id])
            #expect(row.values == converted.values)
            #expect(row.values[FieldName("pool_state")] == .text("public"))
            #expect((row.values[FieldName("owner_id")] ?? .null) == .null)
            try await c1.sync()
            try await expectConvergedInScope([c1, z1], server: server)

            let pending = try z1.replica.journalEntries(in: .pending).count
            #expect {
                try z1.replica.enqueue(.claim, on: lead, id: id, now: z1.clock.now)
            } throws: { error in
                (error as? ReplicaError)?.code == "lead.already_converted"
            }
            #expect(try z1.replica.journalEntries(in: .pending).count == pending)
        }
    }

    /// A new lead of the same owner with a converted lead's mobile is not merged with it
    /// automatically, whichever is older: it is linked for a manager to the customer the lead
    /// became, and the trail stays.
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
            // The converted lead and its customer are one family: linked once, to the customer (round 33).
            let customer = try #require(try await serverState(server, converted)?.values[FieldName("converted_customer_id")]?.textValue)
            #expect(links == [[earlier.rawValue, customer]], "\(links)")
            try await expectConvergedInScope([w1, w2], server: server)
        }
    }

    // MARK: - Private

    /// The change-log cursor past everything the server has logged so far.
    private func changeLogEnd(of server: RunningServer) async throws -> PullCursor? {
        var cursor: PullCursor?
        var hasMore = true
        while hasMore {
            let page = try await server.store.pull(after: cursor, limit: 1000, as: nil)
            cursor = page.nextCursor
            hasMore = page.hasMore
        }
        return cursor
    }

    /// The rows the server logged a change of after `cursor`, as `entity id`.
    private func rowsLogged(after cursor: PullCursor?, by server: RunningServer) async throws -> [String] {
        var cursor = cursor
        var rows: [String] = []
        var hasMore = true
        while hasMore {
            let page = try await server.store.pull(after: cursor, limit: 1000, as: nil)
            rows += page.rows.map { "\($0.entity) \($0.id)" }
            cursor = page.nextCursor
            hasMore = page.hasMore
        }
        return rows
    }
}
