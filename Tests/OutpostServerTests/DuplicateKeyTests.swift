import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// R-2.1's keys beyond a lead's or customer's own mobile, on both stores: the mobile of any
/// contact (a contact stands for its family, the customer) and the WeChat id. A match across
/// owners, or through a contact, or by WeChat id, is never merged: a `suspected_duplicate`
/// link waits for a manager and both owners are told.
@Suite struct DuplicateKeyTests {
    private let now: Int64 = 1_788_300_000_000

    private func text(_ row: RowState?, _ field: String) -> String? { row?.values[FieldName(field)]?.textValue }

    private func links(_ store: any ChangeStore) async throws -> [RowState] {
        Array(try await storeRows(store, entity: EntityName("suspected_duplicate")).values)
    }

    private func noticesFor(_ user: String, _ store: any ChangeStore) async throws -> [RowState] {
        try await storeRows(store, entity: EntityName("notification")).values.filter { text($0, "recipient_id") == user && text($0, "kind") == "suspected_duplicate" }
    }

    /// A number matching a family that was converted (the lead and the customer it became hold
    /// it alike) is linked once, to the customer, with one notice to each owner (round 33: two
    /// links, two notices each).
    @Test(arguments: StoreKind.allCases)
    func aNumberOfAConvertedFamilyIsLinkedOnceToItsCustomer(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            _ = try await wang.push(wang.create("lead", "l1", ["contact_name": .text("王妈妈"), "mobile": .text("13811112222"), "source_channel": .text("walk_in")]),
                                    [], to: store, at: now)
            let rows = wang.create("customer", "k1", ["name": .text("王家"), "customer_type": .text("family"), "provisional": .bool(true)])
                + wang.create("contact", "c1", ["customer_id": .text("k1"), "name": .text("王妈妈"), "relation": .text("mother"),
                                                 "provisional": .bool(true), "mobile": .text("13811112222")])
            let convert = wang.command(.convert, "lead", "l1", ["customer_id": .text("k1"), "contact_id": .text("c1")])
            #expect(try await wang.push(rows, [convert], to: store, at: now + 1_000).results.allSatisfy { $0.status == .applied })
            #expect(try await links(store).isEmpty, "a lead and its own customer are no duplicates")

            _ = try await zhao.push(zhao.create("lead", "l2", ["contact_name": .text("赵家"), "mobile": .text("13900003333"), "source_channel": .text("walk_in")]),
                                    [], to: store, at: now + 2_000)
            _ = try await zhao.push([zhao.change("lead", "l2", "mobile", .text("13811112222"), at: now + 3_000)], [], to: store, at: now + 3_000)
            let linked = try await links(store)
            #expect(linked.count == 1, "\(linked.map { "\(text($0, "subject_id") ?? "")-\(text($0, "other_id") ?? "")" })")
            #expect(Set(linked.flatMap { [text($0, "subject_id"), text($0, "other_id")] }) == ["l2", "k1"])
            #expect(try await noticesFor("u-wang", store).count == 1)
            #expect(try await noticesFor("u-zhao", store).count == 1)
        }
    }

    /// A lead entered with the mobile of a public-pool lead is linked, never merged into it:
    /// nobody owns the pool lead to keep it (R-2.3), it is claimed first (R-7), and its hidden
    /// mobile must not reach the new lead's owner through the merge (R-8.1 d).
    @Test(arguments: StoreKind.allCases)
    func aLeadWithAPoolLeadsMobileIsLinkedNotMergedIntoThePool(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let answer = try await wang.push(wang.create("lead", "l-wang", ["contact_name": .text("钱女士"), "mobile": .text("137 0000 7001"),
                                                                           "source_channel": .text("walk_in"), "intent_level": .text("A")]),
                                             [], to: store, at: now + 1000)
            #expect(answer.results.allSatisfy { $0.status == .applied })
            let leads = try await storeRows(store)
            #expect(leads[RowID("l-wang")]?.isDeleted == false, "Wang keeps his lead")
            #expect(text(leads[RowID("l-wang")], "owner_id") == "u-wang")
            #expect(text(leads[RowID("lead-pool-hd-1")], "pool_state") == "public")
            #expect(text(leads[RowID("lead-pool-hd-1")], "intent_level") == nil, "nothing of Wang's went to the pool")
            #expect(try await links(store).map { text($0, "key") } == ["mobile"])
            let seenByWang = try await storeRows(store, as: DemoUsers.wang.userID)
            #expect(seenByWang[RowID("lead-pool-hd-1")]?.values[FieldName("mobile")] == nil, "the pool's mobile stays hidden")
        }
    }

    /// Wang's family (a customer with the father as a contact); Zhao then enters a lead with
    /// the father's mobile.
    @Test(arguments: StoreKind.allCases)
    func aLeadWithAContactsMobileIsLinkedToThatFamily(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            _ = try await wang.push(wang.create("customer", "k-wang", ["customer_type": .text("family"), "name": .text("王家"),
                                                                       "mobile": .text("13900001111")])
                                    + wang.create("contact", "c-father", ["customer_id": .text("k-wang"), "name": .text("王爸爸"),
                                                                          "relation": .text("father"), "mobile": .text("13900002222")]),
                                    [], to: store, at: now)
            #expect(try await links(store).isEmpty, "a family's own contacts are not its duplicates")
            let answer = try await zhao.push(zhao.create("lead", "l-zhao", ["contact_name": .text("王先生"), "mobile": .text("139 0000 2222"),
                                                                           "source_channel": .text("walk_in")]), [], to: store, at: now + 1000)
            #expect(answer.results.allSatisfy { $0.status == .applied })
            let link = try #require(try await links(store).first)
            #expect(Set([text(link, "subject_id"), text(link, "other_id")]) == Set(["l-zhao", "k-wang"]))
            #expect(text(link, "key") == "mobile", "which key, never the number: a pool member or a role hiding the mobile reads the link too")
            #expect(try await storeRows(store, entity: EntityName("lead"))[RowID("l-zhao")]?.isDeleted == false, "never merged")
            #expect(try await noticesFor("u-wang", store).count == 1)
            #expect(try await noticesFor("u-zhao", store).count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func twoLeadsWithOneWeChatIdAreLinkedNotMerged(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            _ = try await wang.push(wang.create("lead", "l-wang", ["contact_name": .text("李妈妈"), "wechat_id": .text("li_mama_2019"),
                                                                   "source_channel": .text("walk_in")]), [], to: store, at: now)
            _ = try await zhao.push(zhao.create("lead", "l-zhao", ["contact_name": .text("李女士"), "wechat_id": .text("li_mama_2019"),
                                                                   "source_channel": .text("walk_in")]), [], to: store, at: now + 1000)
            let link = try #require(try await links(store).first)
            #expect(Set([text(link, "subject_id"), text(link, "other_id")]) == Set(["l-zhao", "l-wang"]))
            #expect(text(link, "key") == "WeChat id")
            let notice = try #require(try await noticesFor("u-zhao", store).first)
            #expect(text(notice, "message")?.contains("the same WeChat id") == true)
            let leads = try await storeRows(store, entity: EntityName("lead"))
            #expect(leads[RowID("l-wang")]?.isDeleted == false && leads[RowID("l-zhao")]?.isDeleted == false)
        }
    }

    /// A notice names the other record's owner within a branch, never across branches: who
    /// holds a family in another branch is that branch's business.
    /// Two salespeople of two branches entering the same mobile (撞单 across branches) are
    /// linked, never merged: a merge would make one a member of the other branch's lead and
    /// carry its fields and follow-ups across (R-4.4), so a mobile typed in would open any
    /// record that holds it.
    @Test(arguments: StoreKind.allCases)
    func theSameMobileInTwoBranchesIsLinkedNotMerged(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + RoleFixture.campusAndRoles, serverNow: now)
            var qian = Device("q1", UserID("u-qian")), wang = Device("w1", DemoUsers.wang.userID)
            _ = try await qian.push(qian.create("lead", "l-qian", ["contact_name": .text("朝阳家长"), "mobile": .text("13922220002"),
                                                                   "remark": .text("只在周末联系"), "source_channel": .text("walk_in")]),
                                    [], to: store, at: now)
            let probe = wang.create("lead", "l-wang", ["contact_name": .text("probe"), "mobile": .text("13922220002"), "source_channel": .text("walk_in")])
            _ = try await wang.push(probe, [], to: store, at: now + 1000)
            let leads = try await storeRows(store, entity: EntityName("lead"))
            #expect(leads[RowID("l-qian")]?.isDeleted == false)
            #expect(leads[RowID("l-wang")]?.isDeleted == false)
            #expect(leads[RowID("l-qian")]?.values[FieldName("ro_member_ids")] ?? .null == .null, "Wang is no member of Qian's lead")
            #expect(text(leads[RowID("l-wang")], "remark") == nil, "nothing of Qian's lead reaches Wang's")
            #expect(try await links(store).count == 1)
            let seen = try await RoleFixture.pullAll(store, as: DemoUsers.wang.userID, after: nil, limit: 100).rows
            #expect(!seen.contains { $0.id == RowID("l-qian") }, "R-4.4")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aNoticeNamesTheOtherOwnerOnlyWithinABranch(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + RoleFixture.campusAndRoles, serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID), qian = Device("q1", UserID("u-qian"))
            _ = try await wang.push(wang.create("lead", "l-wang", ["contact_name": .text("李妈妈"), "wechat_id": .text("li_mama_2019"),
                                                                   "source_channel": .text("walk_in")]), [], to: store, at: now)
            _ = try await zhao.push(zhao.create("lead", "l-zhao", ["contact_name": .text("李女士"), "wechat_id": .text("li_mama_2019"),
                                                                   "source_channel": .text("walk_in")]), [], to: store, at: now + 1000)
            _ = try await qian.push(qian.create("lead", "l-qian", ["contact_name": .text("李太太"), "wechat_id": .text("li_mama_2019"),
                                                                   "source_channel": .text("walk_in")]), [], to: store, at: now + 2000)
            let wangName = try #require(text(try await storeRows(store, entity: EntityName("user"))[RowID("u-wang")], "name"))
            let zhaos = try await noticesFor("u-zhao", store).compactMap { text($0, "message") }
            #expect(zhaos.contains { $0.contains(wangName) }, "same branch: \(zhaos)")
            let qians = try await noticesFor("u-qian", store).compactMap { text($0, "message") }
            #expect(!qians.isEmpty && qians.allSatisfy { !$0.contains(wangName) && $0.contains("another branch") }, "\(qians)")
            let wangs = try await noticesFor("u-wang", store).compactMap { text($0, "message") }
            #expect(wangs.allSatisfy { !$0.contains("u-qian") } && wangs.contains { $0.contains("another branch") }, "\(wangs)")
        }
    }

    /// A contact added with the mobile of someone else's lead links the family to that lead.
    @Test(arguments: StoreKind.allCases)
    func aContactWithALeadsMobileLinksItsFamilyToTheLead(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            _ = try await zhao.push(zhao.create("lead", "l-zhao", ["contact_name": .text("张妈妈"), "mobile": .text("13900003333"),
                                                                   "source_channel": .text("walk_in")]), [], to: store, at: now)
            _ = try await wang.push(wang.create("customer", "k-wang", ["customer_type": .text("family"), "name": .text("张家")])
                                    + wang.create("contact", "c-mother", ["customer_id": .text("k-wang"), "name": .text("张妈妈"),
                                                                          "relation": .text("mother"), "mobile": .text("13900003333")]),
                                    [], to: store, at: now + 1000)
            let link = try #require(try await links(store).first)
            #expect(Set([text(link, "subject_id"), text(link, "other_id")]) == Set(["l-zhao", "k-wang"]))
        }
    }
}
