import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// A merge keeps the highest value of a ranked field across head and tails, not the head's
/// (R-2.4 "priority / intent: max"; §1.6 / §3.3: a merge never silently re-enables calls to a
/// parent who asked not to be called). Both stores.
@Suite struct MergeRankedFieldsTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases)
    func aTailsDoNotContactSurvivesTheMerge(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let mother: [String: FieldValue] = ["customer_id": .text("k1"), "name": .text("赵妈妈"), "relation": .text("mother")]
            let created = try await wang.push(
                wang.create("customer", "k1", ["name": .text("赵家"), "customer_type": .text("family")])
                    + wang.create("contact", "c-tail", mother.merging(["do_not_contact": .bool(true)]) { $1 })
                    + wang.create("contact", "c-head", mother.merging(["do_not_contact": .bool(false), "mobile": .text("13500002222")]) { $1 }),
                [], to: store, at: now)
            #expect(created.results.allSatisfy { $0.status == .applied })
            let merged = try await wang.push([], [wang.command(.merge, "contact", "c-head", ["tails": .list([.text("c-tail")])])],
                                             to: store, at: now + 1_000)
            #expect(merged.results.map(\.status) == [.applied])
            let contacts = try await storeRows(store, entity: EntityName("contact"))
            #expect(contacts[RowID("c-tail")]?.isDeleted == true)
            #expect(contacts[RowID("c-head")]?.values[FieldName("do_not_contact")] == .bool(true),
                    "the parent asked not to be called: the merged contact keeps it")
            #expect(contacts[RowID("c-head")]?.values[FieldName("mobile")] == .text("13500002222"), "the head keeps its own values")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aMergedLeadTakesTheHighestIntentAndStatus(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let lead: [String: FieldValue] = ["contact_name": .text("甲妈妈"), "source_channel": .text("walk_in")]
            let created = try await wang.push(
                wang.create("lead", "l-head", lead.merging(["mobile": .text("13500003331"), "intent_level": .text("C"), "remark": .text("先打电话"),
                                                            "status": StageValue(epoch: 0, stage: "qualified").fieldValue]) { $1 })
                    + wang.create("lead", "l-tail", lead.merging(["mobile": .text("13500003332"), "intent_level": .text("A"), "contact_name": .text("乙妈妈"),
                                                                  "remark": .text("周六上午有空"),
                                                                  "status": StageValue(epoch: 0, stage: "contacting").fieldValue]) { $1 })
                    + wang.create("lead", "l-low", lead.merging(["mobile": .text("13500003333"), "intent_level": .text("D")]) { $1 }),
                [], to: store, at: now)
            #expect(created.results.allSatisfy { $0.status == .applied })
            let merged = try await wang.push([], [wang.command(.merge, "lead", "l-head", ["tails": .list([.text("l-tail"), .text("l-low")])])],
                                             to: store, at: now + 1_000)
            #expect(merged.results.map(\.status) == [.applied])
            let head = try #require(try await storeRows(store, entity: EntityName("lead"))[RowID("l-head")])
            #expect(head.values[FieldName("intent_level")] == .text("A"), "R-2.4: intent is the highest of the merged records")
            #expect(PlanWorkspaceWord.word(head.values[FieldName("status")]) == "qualified", "a lower tail status does not drag it back")
            #expect(head.values[FieldName("remark")] == .text("先打电话\n— 乙妈妈: 周六上午有空"), "R-2.4: notes joined with the source's name")
        }
    }

    /// The head takes the later `last_followup_at` with the tail's follow-ups (R-6.6 runs the
    /// reclaim clock from it).
    @Test(arguments: StoreKind.allCases)
    func theHeadTakesTheLaterLastFollowUpOfTheMergedRecords(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let lead: [String: FieldValue] = ["contact_name": .text("乙妈妈"), "source_channel": .text("walk_in")]
            func call(_ id: String, on subject: String, at occurredAt: Int64) -> [PushChange] {
                wang.create("follow_up", id, ["subject_type": .text("lead"), "subject_id": .text(subject), "method": .text("phone"),
                                              "content": .text("called"), "occurred_at": .integer(occurredAt)])
            }
            var changes = wang.create("lead", "l-head", lead.merging(["mobile": .text("13500004441")]) { $1 })
            changes += wang.create("lead", "l-tail", lead.merging(["mobile": .text("13500004442")]) { $1 })
            changes += call("f-old", on: "l-head", at: now - 10 * 86_400_000)
            changes += call("f-new", on: "l-tail", at: now - 3_600_000)
            #expect(try await wang.push(changes, [], to: store, at: now).results.allSatisfy { $0.status == .applied })
            let merged = try await wang.push([], [wang.command(.merge, "lead", "l-head", ["tails": .list([.text("l-tail")])])],
                                             to: store, at: now + 1_000)
            #expect(merged.results.map(\.status) == [.applied])
            let head = try #require(try await storeRows(store, entity: EntityName("lead"))[RowID("l-head")])
            #expect(head.values[FieldName("last_followup_at")] == .integer(now - 3_600_000))
        }
    }

    /// A pool lead is claimed before it is merged: a merge is no way around the claim.
    @Test(arguments: StoreKind.allCases)
    func aLeadInThePublicPoolIsNotMergedBeforeItIsClaimed(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var lily = Device("l1", DemoUsers.lily.userID)
            _ = try await lily.push(lily.create("lead", "l-own", ["contact_name": .text("组长线索"), "wechat_id": .text("wxlily123"),
                                                                  "source_channel": .text("walk_in")]), [], to: store, at: now)
            let merged = try await lily.push([], [lily.command(.merge, "lead", "l-own", ["tails": .list([.text("lead-pool-hd-1")])])],
                                             to: store, at: now + 1_000)
            #expect(merged.results.map(\.code?.rawValue) == ["merge.in_pool"])
            let pooled = try await storeRows(store, entity: EntityName("lead"))[RowID("lead-pool-hd-1")]
            #expect(pooled?.isDeleted == false)
            #expect(pooled?.values[FieldName("pool_state")] == .text("public"))
        }
    }

    /// A record merged away is named as such, with its survivor, when a later merge (made
    /// offline before the first one synced) takes it as its head or as a tail.
    @Test(arguments: StoreKind.allCases)
    func aMergeNamingARecordAlreadyMergedAwayNamesTheSurvivor(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let lead: [String: FieldValue] = ["contact_name": .text("乙妈妈"), "source_channel": .text("walk_in")]
            let created = try await wang.push(
                ["l-a", "l-b", "l-c"].enumerated().flatMap { index, id in
                    wang.create("lead", id, lead.merging(["mobile": .text("1350000444\(index)")]) { $1 })
                }, [], to: store, at: now)
            #expect(created.results.allSatisfy { $0.status == .applied })
            let first = try await wang.push([], [wang.command(.merge, "lead", "l-a", ["tails": .list([.text("l-b")])])], to: store, at: now + 1_000)
            #expect(first.results.map(\.status) == [.applied])
            let intoTheTail = try await wang.push([], [wang.command(.merge, "lead", "l-b", ["tails": .list([.text("l-c")])])],
                                                  to: store, at: now + 2_000)
            #expect(intoTheTail.results.map(\.code?.rawValue) == ["command.merged_row"])
            #expect(intoTheTail.results.first?.message?.contains("'l-a'") == true, "the survivor is named")
            let tailAgain = try await wang.push([], [wang.command(.merge, "lead", "l-c", ["tails": .list([.text("l-b")])])],
                                                to: store, at: now + 3_000)
            #expect(tailAgain.results.map(\.code?.rawValue) == ["command.merged_row"])
            let leads = try await storeRows(store, entity: EntityName("lead"))
            #expect(leads[RowID("l-c")]?.isDeleted == false, "nothing was merged")
            #expect(leads[RowID("l-b")]?.values[FieldName("merged_into_id")] == .text("l-a"))
        }
    }
}
