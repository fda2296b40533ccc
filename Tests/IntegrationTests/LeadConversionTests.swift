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
            let (w1, c1, z1, id) = try await leadTransferredAwayFromWang(on: server, contact: "孙妈妈", mobile: "13712340004", student: "小孙")

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

    /// Wang converts a lead offline that Chen has meanwhile transferred to Zhao, then logs a
    /// follow-up on the provisional customer, another on the provisional opportunity, and books
    /// a visit for the provisional customer. The convert is refused and its provisional rows
    /// undone; the three records go to the lead the convert named (commands.md §1), whether
    /// they reach the server in the same push as the convert or in a later one (the laptop
    /// lost the pull that would have dropped the provisional rows): Zhao, who owns the lead,
    /// sees all three on it, and Wang keeps what he wrote (R-8.1 e). Nothing is lost.
    @Test(arguments: StoreKind.allCases, [true, false])
    func whatWasWrittenOnTheRowsOfARefusedConvertGoesToItsLead(store: StoreKind, samePush: Bool) async throws {
        try await withRunningServer(store) { server in
            let (w1, c1, z1, id) = try await leadTransferredAwayFromWang(on: server, contact: "钱妈妈", mobile: "13712340007", student: "小钱")

            w1.clock.advance(by: 120_000)
            let converted = try w1.replica.convert(lead: id, now: w1.clock.now)
            let opportunity = try #require(converted.opportunity)
            if !samePush {
                // The convert reaches the server, but the pull that would drop its rows fails
                // (after the one-row pull that checks the cursor before a push).
                server.clock.advance(by: 60_000)
                await #expect(throws: (any Error).self) {
                    try await w1.sync(through: InterceptingTransport(w1.transport, stopAfterPages: 1))
                }
                #expect(try await serverRows(server, entity: EntityName("customer"))[converted.customer]?.isDeleted == true)
            }
            w1.clock.advance(by: 60_000)
            let onCustomer = try logFollowUp(on: "customer", converted.customer, from: w1)
            let onOpportunity = try logFollowUp(on: "opportunity", opportunity, from: w1)
            let start = server.clock.now + 3 * 86_400_000
            let visit = try w1.replica.create(EntityName("appointment"), values: [
                FieldName("kind"): .text("visit_invitation"), FieldName("customer_id"): .text(converted.customer.rawValue),
                FieldName("campus_id"): .text("ou-hd-campus"), FieldName("status"): .text("scheduled"),
                FieldName("invited_by_id"): .text("u-wang"),
                FieldName("schedule"): .object(["start": .integer(start), "end": .integer(start + 3_600_000)]),
            ], now: w1.clock.now)
            server.clock.advance(by: 60_000)
            let report = try await w1.sync()
            #expect(report.rejected.compactMap(\.command).map(\.name) == (samePush ? [.convert] : []))
            #expect(report.rejected.filter { $0.command == nil }.isEmpty, "\(report.rejected)")
            try await w1.sync()
            try await z1.sync()
            try await c1.sync()

            let followUps = try await serverRows(server, entity: EntityName("follow_up"))
            for followUp in [onCustomer, onOpportunity] {
                let stored = try #require(followUps[followUp])
                #expect(stored.values[FieldName("subject_type")] == .text("lead"))
                #expect(stored.values[FieldName("subject_id")] == .text(id.rawValue))
                #expect(stored.values[FieldName("flags")]?.listValue?.contains(.text("author_not_owner")) == true)
                for laptop in [z1, w1] {
                    #expect(try laptop.replica.row(EntityName("follow_up"), id: followUp)?.values[FieldName("subject_id")] == .text(id.rawValue),
                            "\(laptop.user.name) sees the follow-up with the lead")
                }
            }
            let storedVisit = try #require(try await serverRows(server, entity: EntityName("appointment"))[visit])
            #expect(storedVisit.values[FieldName("lead_id")] == .text(id.rawValue))
            #expect((storedVisit.values[FieldName("customer_id")] ?? .null) == .null)
            for laptop in [z1, w1] {
                #expect(try laptop.replica.row(EntityName("appointment"), id: visit)?.values[FieldName("lead_id")] == .text(id.rawValue),
                        "\(laptop.user.name) sees the visit with the lead")
            }
            #expect(try w1.replica.row(EntityName("customer"), id: converted.customer).map(\.isDeleted) ?? true)
            try await expectConvergedInScope([w1, c1, z1], server: server)
        }
    }

    /// Wang, offline, converts a lead Chen has transferred to Zhao, then edits the customer and
    /// the student the convert made. The convert is refused and its rows undone; the edits are
    /// refused too (`convert.refused`, naming the lead) and stay on his laptop with that
    /// reason, instead of being answered applied and kept beneath a tombstone nobody can lift.
    @Test(arguments: StoreKind.allCases)
    func anEditOfARowOfARefusedConvertIsRefusedWithItsReason(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, c1, z1, id) = try await leadTransferredAwayFromWang(on: server, contact: "吴爸爸", mobile: "13712340009", student: "小吴")
            w1.clock.advance(by: 120_000)
            let converted = try w1.replica.convert(lead: id, now: w1.clock.now)
            let student = try #require(converted.student)
            w1.clock.advance(by: 60_000)
            try w1.replica.update(EntityName("customer"), id: converted.customer, values: [FieldName("remark"): .text("住在校区附近")],
                                  now: w1.clock.now)
            try w1.replica.update(EntityName("student"), id: student, values: [FieldName("school_name"): .text("海淀实验小学")],
                                  now: w1.clock.now)
            server.clock.advance(by: 60_000)
            let report = try await w1.sync()
            #expect(report.rejected.compactMap(\.command).map(\.name) == [.convert])
            let edits = report.rejected.filter { $0.command == nil }
            #expect(edits.map(\.change.entity.rawValue).sorted() == ["customer", "student"], "\(report.rejected)")
            #expect(edits.allSatisfy { $0.code?.rawValue == "convert.refused" && $0.message?.contains(id.rawValue) == true })
            try await w1.sync()
            #expect(try w1.replica.journalEntries(in: .rejected).filter { $0.code?.rawValue == "convert.refused" }.count == 2,
                    "still listed with the reason after the next sync")
            try await z1.sync()
            try await c1.sync()
            try await expectConvergedInScope([w1, c1, z1], server: server)
        }
    }

    /// Wang and his team lead Lily both convert his lead offline (Wang without a student); Wang
    /// syncs first. Lily, before her sync, books a trial visit for the customer and student her
    /// convert made. Her convert is answered with an alias map and its rows merged into Wang's;
    /// the visit names Wang's customer, so Wang and their manager Chen see it (DOMAIN §3.2 rule
    /// 6), not a tombstone nobody reads; her student, which Wang's convert lacked, is kept under
    /// his customer and becomes his opportunity's.
    @Test(arguments: StoreKind.allCases)
    func aVisitBookedOnTheLosingSideOfADoubleConvertGoesToTheWinnersCustomer(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, l1, id) = try await wangsLeadOnHisAndLilysLaptops(on: server, contact: "黄妈妈", mobile: "13712340010", student: "小黄")
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            // Wang makes no student; Lily's is kept, under his customer, and becomes his opportunity's.
            let wangs = try w1.replica.convert(lead: id, withStudent: false, now: w1.clock.now)
            l1.clock.advance(by: 30_000)
            let lilys = try l1.replica.convert(lead: id, now: l1.clock.now)
            let lilysStudent = try #require(lilys.student)
            let start = server.clock.now + 3 * 86_400_000
            let visit = try l1.replica.create(EntityName("appointment"), values: [
                FieldName("kind"): .text("visit_invitation"), FieldName("customer_id"): .text(lilys.customer.rawValue),
                FieldName("student_id"): .text(lilysStudent.rawValue), FieldName("campus_id"): .text("ou-hd-campus"),
                FieldName("status"): .text("scheduled"), FieldName("invited_by_id"): .text("u-lily"),
                FieldName("schedule"): .object(["start": .integer(start), "end": .integer(start + 3_600_000)]),
            ], now: l1.clock.now)
            server.clock.advance(by: 60_000)
            try await w1.sync()
            server.clock.advance(by: 60_000)
            let report = try await l1.sync()
            #expect(report.rejected.compactMap(\.command).map(\.name) == [.convert], "answered lead.already_converted")
            for laptop in [w1, l1, c1] { try await laptop.sync() }

            let stored = try #require(try await serverRows(server, entity: EntityName("appointment"))[visit])
            #expect(stored.values[FieldName("customer_id")] == .text(wangs.customer.rawValue))
            #expect(stored.values[FieldName("student_id")] == .text(lilysStudent.rawValue))
            let wangsOpportunity = try #require(wangs.opportunity)
            let opportunity = try #require(try await serverRows(server, entity: EntityName("opportunity"))[wangsOpportunity])
            #expect(opportunity.values[FieldName("student_id")] == .text(lilysStudent.rawValue), "the kept student is the deal's")
            #expect(try await serverRows(server, entity: EntityName("student"))[lilysStudent]?.values[FieldName("customer_id")]
                    == .text(wangs.customer.rawValue))
            for laptop in [w1, c1, l1] {
                #expect(try laptop.replica.row(EntityName("appointment"), id: visit)?.values[FieldName("customer_id")] == .text(wangs.customer.rawValue),
                        "\(laptop.user.name) sees the visit with the customer")
            }
            try await expectConvergedInScope([w1, l1, c1], server: server)
        }
    }

    /// Lily corrects the mobile and the name of Wang's lead and syncs; Wang, who has not pulled
    /// since, converts it. The customer and contact start from the lead as the server holds it
    /// not from the copy on Wang's laptop, and every laptop agrees.
    @Test(arguments: StoreKind.allCases)
    func aConvertTakesTheLeadsCorrectionThatReachedTheServerFirst(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, l1, id) = try await wangsLeadOnHisAndLilysLaptops(on: server, contact: "刘妈妈", mobile: "13712340011", student: "小刘")
            l1.clock.advance(by: 30_000)
            try l1.editLead(id, ["mobile": "13922220011", "contact_name": "刘女士"])
            server.clock.advance(by: 30_000)
            try await l1.sync()
            w1.clock.advance(by: 60_000)
            let converted = try w1.replica.convert(lead: id, now: w1.clock.now)
            server.clock.advance(by: 60_000)
            let report = try await w1.sync()
            #expect(report.rejected.isEmpty, "\(report.rejected)")
            try await w1.sync()
            try await l1.sync()

            let contact = try #require(try await serverRows(server, entity: EntityName("contact"))[converted.contact])
            #expect(contact.values[FieldName("mobile")] == .text("13922220011"))
            #expect(contact.values[FieldName("name")] == .text("刘女士"))
            #expect(contact.stamps[FieldName("mobile")]?.author == DemoUsers.lily.userID, "the correction keeps its author")
            #expect(contact.values[FieldName("do_not_contact")] == .bool(false), "a converted contact is not marked, as any new contact")
            let customer = try #require(try await serverRows(server, entity: EntityName("customer"))[converted.customer])
            #expect(customer.values[FieldName("mobile")] == .text("13922220011"))
            #expect(try w1.replica.row(EntityName("contact"), id: converted.contact)?.values[FieldName("mobile")] == .text("13922220011"))
            try await expectConvergedInScope([w1, l1], server: server)
        }
    }

    /// Chen marks a lead invalid while Wang converts it, both offline. Whoever syncs first, the
    /// lead ends converted (`converted` beats `invalid`, backed by the customer) and Chen's
    /// loss is visible: refused `lead.already_converted` when the convert came first, in the
    /// conflict log when his acknowledged `invalid` was overridden (invariant 2).
    @Test(arguments: StoreKind.allCases, [true, false])
    func convertAndMarkInvalidSettleTheSameWhateverTheSyncOrder(store: StoreKind, invalidSyncsFirst: Bool) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            let id = try w1.addLead(["contact_name": "周妈妈", "mobile": "13712340001", "student_name": "小周"])
            try await w1.sync()
            try await c1.sync()

            c1.clock.advance(by: 60_000)
            w1.clock.advance(by: 90_000)
            try c1.replica.enqueue(.markInvalid, on: lead, id: id, arguments: ["reason": .text("fake number")], now: c1.clock.now)
            _ = try w1.replica.convert(lead: id, now: w1.clock.now)
            server.clock.advance(by: 120_000)
            let order = invalidSyncsFirst ? [c1, w1, c1, w1] : [w1, c1, w1, c1]
            for laptop in order { try await laptop.sync() }

            for laptop in [w1, c1] {
                #expect(StageValue(try #require(try laptop.lead(id)?.values[FieldName("status")]))?.stage == "converted")
            }
            let markInvalid = try #require(try c1.replica.journalEntries(in: .applied, .rejected).first { $0.command?.name == .markInvalid })
            let convert = try #require(try w1.replica.journalEntries(in: .applied, .rejected).first { $0.command?.name == .convert })
            #expect(convert.state == .applied)
            let lost = try await server.store.conflicts(lostBy: DemoUsers.chen.userID, after: 0, limit: 10).conflicts
            if invalidSyncsFirst {
                #expect(markInvalid.state == .applied)
                #expect(lost.map { StageValue($0.loser.version.value)?.stage } == ["invalid"])
                #expect(lost.first?.rowID == id)
            } else {
                #expect(markInvalid.state == .rejected)
                #expect(markInvalid.code?.rawValue == "lead.already_converted")
                #expect(lost.isEmpty)
            }
            try await expectConvergedInScope([w1, c1], server: server)
        }
    }

    /// Logs a phone follow-up about the row `id` of `subjectType` on `laptop`; returns its id.
    /// The demo organisation on `server`, laptops of Wang, his branch manager Chen and Zhao,
    /// and a lead of Wang's that Chen has transferred to Zhao while Wang's laptop has not
    /// synced since: what a refused offline convert starts from.
    private func leadTransferredAwayFromWang(on server: RunningServer, contact: String, mobile: String,
                                             student: String) async throws -> (Laptop, Laptop, Laptop, RowID) {
        try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
        let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
        let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
        let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
        let id = try w1.addLead(["contact_name": contact, "mobile": mobile, "student_name": student])
        try await w1.sync()
        try await c1.sync()
        try c1.replica.enqueue(.transfer, on: lead, id: id, arguments: ["to_user": .text("u-zhao")], now: c1.clock.now)
        server.clock.advance(by: 60_000)
        try await c1.sync()
        return (w1, c1, z1, id)
    }

    /// The demo organisation on `server`, and a lead of Wang's on his laptop and on his team
    /// lead Lily's, both synced.
    private func wangsLeadOnHisAndLilysLaptops(on server: RunningServer, contact: String, mobile: String,
                                               student: String) async throws -> (Laptop, Laptop, RowID) {
        try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
        let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
        let l1 = try Laptop("l1", user: DemoUsers.lily, server: server)
        let id = try w1.addLead(["contact_name": contact, "mobile": mobile, "student_name": student])
        try await w1.sync()
        try await l1.sync()
        return (w1, l1, id)
    }

    private func logFollowUp(on subjectType: String, _ id: RowID, from laptop: Laptop) throws -> RowID {
        try laptop.replica.create(EntityName("follow_up"), values: [
            FieldName("subject_type"): .text(subjectType), FieldName("subject_id"): .text(id.rawValue),
            FieldName("author_id"): .text(laptop.user.userID.rawValue), FieldName("method"): .text("phone"),
            FieldName("content"): .text("约了周六来校区"), FieldName("occurred_at"): .integer(laptop.clock.now),
        ], now: laptop.clock.now)
    }
}
