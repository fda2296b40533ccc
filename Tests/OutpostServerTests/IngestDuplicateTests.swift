import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// R-2.2 on ingest: a lead whose mobile the company knows is not a new prospect. It touches a
/// won customer or an owner's active record, or an older pooled or stale lead takes its place
/// and is distributed again. Both stores.
@Suite struct IngestDuplicateTests {
    private let d1 = try! Scenario.instant("D1 10:00")
    private let mobile = "13811112222"

    private func text(_ row: RowState?, _ field: String) -> String? { row?.values[FieldName(field)]?.textValue }

    private func ingested(_ id: String, remark: String = "想了解少儿编程") -> IngestLead {
        IngestLead(id: RowID(id), values: [
            "contact_name": .text("网上留资家长"), "mobile": .text(mobile), "source_channel": .text("web_form"), "remark": .text(remark),
            // Enough for a general lead (R-3.1: grade C), which is shared by turn, not left to nurture.
            "student_birth_year": .integer(2019), "preferred_schedule": .text("周末"),
        ], teamID: RowID("ou-hd-t1"))
    }

    private func lead(_ id: String, _ values: [String: FieldValue]) -> SeedRow {
        SeedRow(entity: EntityName("lead"), id: RowID(id), values: [
            "contact_name": .text("王妈妈"), "mobile": .text(mobile), "source_channel": .text("ground_promotion"), "branch_id": .text("ou-hd"),
        ].merging(values) { $1 })
    }

    private func leadIDs(_ store: any ChangeStore) async throws -> Set<String> {
        Set(try await storeRows(store, entity: EntityName("lead")).keys.map(\.rawValue))
    }

    @Test(arguments: StoreKind.allCases)
    func aWonCustomersFamilyGetsAnInboundInterestFollowUpAndNoLead(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let customer = SeedRow(entity: EntityName("customer"), id: RowID("k-won"), values: [
                "customer_type": .text("family"), "name": .text("王家"), "mobile": .text(mobile), "branch_id": .text("ou-hd"),
                "owner_id": .text("u-wang"), "pool_state": .text("private"), "deal_status": .text("won"), "locked": .bool(false),
                "lifecycle_stage": .text("growth"),
            ])
            try await store.seed(try DemoOrganisation.rows() + [customer], serverNow: d1)
            let before = try await leadIDs(store)
            let report = try await store.ingest([ingested("n1")], actor: DemoUsers.chen.userID, serverNow: d1 + 1000)
            #expect(report.placements == [.init(id: RowID("k-won"), route: .touched, branchID: RowID("ou-hd"), ownerID: UserID("u-wang"))])
            #expect(try await leadIDs(store) == before, "no lead for a paying family")
            let followUps = try await storeRows(store, entity: EntityName("follow_up")).values
            let interest = try #require(followUps.first { text($0, "subject_id") == "k-won" })
            #expect(text(interest, "author_id") == "system" && text(interest, "method") == "other")
            #expect(text(interest, "content") == "Inbound interest (R-2.2) through web_form from 网上留资家长: 想了解少儿编程")
            let notices = try await storeRows(store, entity: EntityName("notification")).values
            #expect(notices.contains { text($0, "recipient_id") == "u-wang" && text($0, "kind") == "inbound_interest" && text($0, "about_id") == "k-won" })
        }
    }

    /// R-2.2 case 1: a course the family asks about again that the customer is not already
    /// sold (an open or won opportunity) becomes an opportunity under the customer, once.
    @Test(arguments: StoreKind.allCases)
    func aWonCustomersFamilyAskingAboutANewCourseGetsAnOpportunityForIt(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let customer = SeedRow(entity: EntityName("customer"), id: RowID("k-won"), values: [
                "customer_type": .text("family"), "name": .text("王家"), "mobile": .text(mobile), "branch_id": .text("ou-hd"),
                "owner_id": .text("u-wang"), "pool_state": .text("private"), "deal_status": .text("won"), "locked": .bool(false),
                "lifecycle_stage": .text("growth"),
            ])
            let math = SeedRow(entity: EntityName("opportunity"), id: RowID("o-math"), values: [
                "customer_id": .text("k-won"), "branch_id": .text("ou-hd"), "owner_id": .text("u-wang"), "name": .text("数学一对一"),
                "stage": StageValue(epoch: 0, stage: "won").fieldValue, "outcome": .text("won"), "reopen_epoch": .integer(0),
                "course_package_id": .text("c-math"),
            ])
            try await store.seed(try DemoOrganisation.rows() + [customer, math], serverNow: d1)
            var lead = ingested("n1")
            lead.values["interest_courses"] = ObservedRemoveSet().adding("c-math", addID: "web-1").adding("c-code", addID: "web-2").fieldValue
            _ = try await store.ingest([lead], actor: DemoUsers.chen.userID, serverNow: d1 + 1000)
            let opportunities = try await storeRows(store, entity: EntityName("opportunity")).filter { $0.key != RowID("o-math") }.values
            #expect(opportunities.count == 1, "only the course it was not sold")
            let coding = try #require(opportunities.first)
            #expect(text(coding, "customer_id") == "k-won" && text(coding, "course_package_id") == "c-code")
            #expect(text(coding, "owner_id") == "u-wang" && text(coding, "branch_id") == "ou-hd" && text(coding, "outcome") == "open")
            #expect(StageValue(coding.values[FieldName("stage")] ?? .null)?.stage == "initial_contact")
            #expect(coding.values[FieldName("win_probability")] == .integer(10))
            // The same interest again: the course has its opportunity now.
            var again = ingested("n2")
            again.values["interest_courses"] = ObservedRemoveSet().adding("c-code", addID: "web-3").fieldValue
            _ = try await store.ingest([again], actor: DemoUsers.chen.userID, serverNow: d1 + 2000)
            #expect(try await storeRows(store, entity: EntityName("opportunity")).count == 2)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anOwnersActiveLeadCountsTheTouchAndNoLeadIsMade(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let held = lead("l-held", ["owner_id": .text("u-wang"), "pool_state": .text("private"), "last_followup_at": .integer(d1 - 86_400_000)])
            try await store.seed(try DemoOrganisation.rows() + [held], serverNow: d1)
            let report = try await store.ingest([ingested("n2")], actor: DemoUsers.chen.userID, serverNow: d1 + 1000)
            #expect(report.placements.map(\.route) == [.touched])
            #expect(report.placements.first?.id == RowID("l-held"))
            let leads = try await storeRows(store, entity: EntityName("lead"))
            #expect(leads[RowID("n2")] == nil)
            #expect(leads[RowID("l-held")]?.values[FieldName("intent_touch_count")] == .integer(1))
            #expect(text(leads[RowID("l-held")], "owner_id") == "u-wang", "the owner keeps it")
            #expect(text(leads[RowID("l-held")], "remark") == nil, "a touch changes none of its fields")
            let notices = try await storeRows(store, entity: EntityName("notification")).values
            #expect(notices.contains { text($0, "recipient_id") == "u-wang" && text($0, "kind") == "inbound_interest" })
        }
    }

    @Test(arguments: StoreKind.allCases, [true, false])
    func aPooledOrStaleLeadTakesTheNewLeadsPlaceAndIsDistributedAgain(store kind: StoreKind, pooled: Bool) async throws {
        try await withChangeStore(kind) { store in
            let old = pooled
                ? lead("l-old", ["pool_state": .text("public"), "pool_id": .text("pool-hd")])
                : lead("l-old", ["owner_id": .text("u-sun"), "pool_state": .text("private"), "last_followup_at": .integer(d1 - 200 * 86_400_000)])
            try await store.seed(try DemoOrganisation.rows() + [old], serverNow: d1)
            let report = try await store.ingest([ingested("n3")], actor: DemoUsers.chen.userID, serverNow: d1 + 1000)
            let placement = try #require(report.placements.first)
            #expect(placement.id == RowID("l-old") && placement.replaced == true && placement.route == .team)
            let owner = try #require(placement.ownerID, "distributed again, like a new lead")
            let leads = try await storeRows(store, entity: EntityName("lead"))
            #expect(leads[RowID("n3")] == nil)
            let taken = try #require(leads[RowID("l-old")])
            #expect(text(taken, "contact_name") == "王妈妈", "its own values stay")
            #expect(text(taken, "remark") == "想了解少儿编程", "its empty fields take the new lead's")
            #expect(PlanWorkspaceWord.word(taken.values[FieldName("status")]) == "new")
            #expect(text(taken, "owner_id") == owner.rawValue && text(taken, "pool_state") == "private")
            let audit = try await storeRows(store, entity: EntityName("audit_log")).values
            let change = try #require(audit.first { text($0, "action") == "field_change" })
            #expect(change.values[FieldName("entity_ids")] == .list([.text("l-old")]))
            #expect(text(change, "before")?.contains(pooled ? "\"pool_state\":\"public\"" : "\"owner_id\":\"u-sun\"") == true, "\(text(change, "before") ?? "")")
        }
    }

    /// A pooled lead replaced by an ingested one without an address is routed by its own
    /// district and stays in its branch (R-4.2; round 31 sent it to head office's unassigned pool).
    @Test(arguments: StoreKind.allCases)
    func aReplacedLeadWithoutANewAddressIsRoutedByItsOwnDistrict(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let old = lead("l-pooled", ["pool_state": .text("public"), "pool_id": .text("pool-hd"),
                                        "address": .object(["text": .text("某小区"), "district_code": .text("110108")])])
            try await store.seed(try DemoOrganisation.rows() + [
                old, SeedRow(entity: .init("org_unit"), id: RowID("ou-hd"), values: ["region_codes": ObservedRemoveSet().adding("110000", addID: "seed").fieldValue]),
            ], serverNow: d1)
            var withoutAddress = ingested("n-no-address")
            withoutAddress.teamID = nil
            let report = try await store.ingest([withoutAddress], actor: DemoUsers.chen.userID, serverNow: d1 + 1000)
            let placement = try #require(report.placements.first)
            #expect(placement.id == RowID("l-pooled") && placement.replaced == true)
            #expect(placement.route == .region && placement.branchID == RowID("ou-hd"), "\(placement)")
            #expect(text(try await storeRows(store)[RowID("l-pooled")], "branch_id") == "ou-hd")
        }
    }

    /// Two rows of one file for one family (the mobile written two ways) are refused, both named,
    /// before anything is written (R-2.1; round 31 imported both).
    @Test(arguments: StoreKind.allCases)
    func twoRowsOfOneFileForOneFamilyAreRefused(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: d1)
            let before = try await leadIDs(store)
            var second = ingested("n-second")
            second.values["mobile"] = .text("138-1111-2222")
            await #expect(throws: ServerError.ingestRefused(
                code: .ingestDuplicateMobile,
                detail: "Lead 2 has the mobile number of lead 1 (R-2.1: one family, one lead); keep one of them, with what the other adds.")) {
                try await store.ingest([ingested("n-first"), second], actor: DemoUsers.chen.userID, serverNow: d1)
            }
            #expect(try await leadIDs(store) == before)
        }
    }
}
