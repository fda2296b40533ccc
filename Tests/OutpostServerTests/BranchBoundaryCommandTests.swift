import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Commands at the edges of a branch and of a role (black-box round 29): what head office and
/// managers may not do either, and what owners may not do to the rows the server makes.
@Suite struct BranchBoundaryCommandTests {
    private let now: Int64 = 1_788_300_000_000
    private let lead = EntityName("lead")

    /// CY's team and a consultant in it, and a head-office user.
    private var chaoyangAndHeadOffice: [SeedRow] { ChaoyangFixture.teamAndConsultant + [ChaoyangFixture.headOffice] }

    private func newLead(_ id: String, mobile: String, by device: inout Device) -> [PushChange] {
        device.create("lead", id, ["contact_name": .text("家长 \(id)"), "mobile": .text(mobile), "source_channel": .text("walk_in")])
    }

    private func seeded(_ store: any ChangeStore) async throws {
        try await store.seed(try DemoOrganisation.rows() + chaoyangAndHeadOffice, serverNow: now)
    }

    /// A convert adopts only its own provisional rows: not a customer another conversion made,
    /// even for the branch's manager (its owner, branch and mobile would move).
    @Test(arguments: StoreKind.allCases)
    func aConvertTakesNoCustomerAnotherConversionAdopted(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID), chen = Device("c1", DemoUsers.chen.userID)
            let wangsLead = newLead("l-wang", mobile: "13911110002", by: &wang)
            let customer = wang.create("customer", "k-wang", ["name": .text("王家"), "customer_type": .text("family"), "provisional": .bool(true)])
            _ = try await wang.push(wangsLead + customer,
                                    [wang.command(.convert, "lead", "l-wang", ["customer_id": .text("k-wang")])], to: store, at: now)
            _ = try await zhao.push(newLead("l-zhao", mobile: "13922220001", by: &zhao), [], to: store, at: now + 1_000)
            let answer = try await chen.push([], [chen.command(.convert, "lead", "l-zhao", ["customer_id": .text("k-wang")])], to: store, at: now + 2_000)
            #expect(answer.results.map(\.code?.rawValue) == ["command.invalid_argument"])
            let kept = try #require(try await storeRows(store, entity: EntityName("customer"))[RowID("k-wang")])
            #expect(kept.values[FieldName("owner_id")] == .text(DemoUsers.wang.userID.rawValue))
            #expect(kept.values[FieldName("converted_from_lead_id")] == .text("l-wang"))
            #expect(kept.values[FieldName("mobile")] == .text("13911110002"))
        }
    }

    /// Head office neither merges two branches' records nor claims from a branch's pool
    /// (it assigns with `transfer`); a tail out of reach says nothing of its conversion.
    @Test(arguments: StoreKind.allCases)
    func headOfficeMergesAndClaimsWithinNoBranchsBoundsButItsOwn(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            var zhao = Device("z1", DemoUsers.zhao.userID), qian = Device("q1", UserID("u-qian")), hq = Device("h1", UserID("u-hq"))
            _ = try await zhao.push(newLead("l-hd", mobile: "13911110005", by: &zhao), [], to: store, at: now)
            _ = try await qian.push(newLead("l-cy", mobile: "13922220005", by: &qian), [], to: store, at: now + 1_000)
            let merged = try await hq.push([], [hq.command(.merge, "lead", "l-cy", ["tails": .list([.text("l-hd")])])], to: store, at: now + 2_000)
            #expect(merged.results.map(\.code?.rawValue) == ["permission.not_in_scope"])
            let leads = try await storeRows(store, entity: lead)
            #expect(leads[RowID("l-hd")]?.isDeleted == false)
            #expect(leads[RowID("l-cy")]?.values[FieldName("ro_member_ids")] ?? .null == .null, "Zhao is no member of CY's lead")

            let claimed = try await hq.push([], [hq.command(.claim, "lead", "lead-pool-hd-1")], to: store, at: now + 3_000)
            #expect(claimed.results.map(\.code?.rawValue) == ["permission.not_allowed"])
            #expect(try await storeRows(store, entity: lead)[RowID("lead-pool-hd-1")]?.values[FieldName("pool_state")] == .text("public"))

            // A converted HD lead as the tail of a CY consultant's merge: refused as out of reach,
            // not as converted (which would name the customer it became).
            let customer = zhao.create("customer", "k-hd", ["name": .text("家长 l-hd"), "customer_type": .text("family"), "provisional": .bool(true)])
            _ = try await zhao.push(customer, [zhao.command(.convert, "lead", "l-hd", ["customer_id": .text("k-hd")])], to: store, at: now + 4_000)
            let probe = try await qian.push([], [qian.command(.merge, "lead", "l-cy", ["tails": .list([.text("l-hd")])])], to: store, at: now + 5_000)
            #expect(probe.results.map(\.code?.rawValue) == ["permission.not_in_scope"])
            #expect(probe.results.first?.message?.contains("k-hd") == false)
        }
    }

    /// The rows the server makes stay the server's: an owner neither dismisses nor deletes the
    /// de-dup link a manager reviews, nor deletes a notification (they mark it read); the
    /// branch manager reviews the link.
    @Test(arguments: StoreKind.allCases)
    func ownersNeitherDismissNorDeleteWhatTheServerMade(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID), chen = Device("c1", DemoUsers.chen.userID)
            _ = try await wang.push(wang.create("lead", "l-wang", ["contact_name": .text("李妈妈"), "wechat_id": .text("li_mama_2020"),
                                                                   "source_channel": .text("walk_in")]), [], to: store, at: now)
            _ = try await zhao.push(zhao.create("lead", "l-zhao", ["contact_name": .text("李女士"), "wechat_id": .text("li_mama_2020"),
                                                                   "source_channel": .text("walk_in")]), [], to: store, at: now + 1_000)
            let link = try #require(try await storeRows(store, entity: EntityName("suspected_duplicate")).first { !$0.value.isDeleted }?.key)
            let notice = try #require(try await storeRows(store, entity: EntityName("notification")).first {
                $0.value.values[FieldName("recipient_id")] == .text(DemoUsers.zhao.userID.rawValue)
            }?.key)
            let refused = try await zhao.push([zhao.change("suspected_duplicate", link.rawValue, "status", .text("dismissed")),
                                               zhao.change("suspected_duplicate", link.rawValue, "deleted", .bool(true)),
                                               zhao.change("notification", notice.rawValue, "deleted", .bool(true))], [], to: store, at: now + 2_000)
            #expect(refused.results.map(\.code?.rawValue) == ["permission.not_allowed", "permission.not_allowed", "permission.not_allowed"])
            #expect(try await storeRows(store, entity: EntityName("suspected_duplicate"))[link]?.values[FieldName("status")] == .text("open"))
            #expect(try await storeRows(store, entity: EntityName("notification"))[notice]?.isDeleted == false)

            let read = try await zhao.push([zhao.change("notification", notice.rawValue, "read_at", .integer(now))], [], to: store, at: now + 3_000)
            #expect(read.results.map(\.status) == [.applied], "the recipient still marks it read")
            let reviewed = try await chen.push([chen.change("suspected_duplicate", link.rawValue, "status", .text("dismissed"), at: now + 4_000)], [],
                                               to: store, at: now + 4_000)
            #expect(reviewed.results.map(\.status) == [.applied], "the branch manager reviews it")
        }
    }
}
