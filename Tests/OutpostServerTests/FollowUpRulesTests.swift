import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// What an accepted follow-up does to its subject (R-8.4, scopes.md §4) on both stores: the
/// owner's moves the subject's `last_followup_at`, `intent_level` and `next_followup_at`; one
/// from anyone who does not own the subject is kept as evidence, flagged `author_not_owner`,
/// and moves none of them.
@Suite struct FollowUpRulesTests {
    private let d1 = try! Scenario.instant("D1 10:00")

    private func text(_ row: RowState?, _ field: String) -> String? { row?.values[FieldName(field)]?.textValue }

    private var wangsLead: SeedRow {
        SeedRow(entity: EntityName("lead"), id: RowID("l-w"), values: [
            "contact_name": .text("王妈妈"), "wechat_id": .text("wang_lead_parent"), "source_channel": .text("ground_promotion"),
            "branch_id": .text("ou-hd"), "owner_id": .text("u-wang"), "pool_state": .text("private"), "received_at": .integer(d1),
        ])
    }

    private func share(_ lead: String, with member: String, by device: inout Device) -> PushCommand {
        device.command(.share, "lead", lead, ["member": .text(member), "access": .text("read_write")])
    }

    private func followUp(_ id: String, on lead: String, at occurredAt: Int64, by device: inout Device,
                          plans: [String: FieldValue] = [:]) -> [PushChange] {
        device.create("follow_up", id, [
            "subject_type": .text("lead"), "subject_id": .text(lead), "method": .text("phone"), "content": .text("called"),
            "occurred_at": .integer(occurredAt),
        ].merging(plans) { $1 })
    }

    @Test(arguments: StoreKind.allCases)
    func aPoolMembersFollowUpOnAPoolLeadIsFlaggedAndMovesNothing(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: d1)
            var zhao = Device("z1", DemoUsers.zhao.userID)
            let plans: [String: FieldValue] = ["intent_level_after": .text("A"), "next_followup_at": .integer(d1 + 86_400_000)]
            let answer = try await zhao.push(followUp("f-pool", on: "lead-pool-hd-1", at: d1, by: &zhao, plans: plans), [], to: store, at: d1 + 1000)
            #expect(answer.results.allSatisfy { $0.status == .applied })
            let flags = try await storeRows(store, entity: EntityName("follow_up"))[RowID("f-pool")]?.values[FieldName("flags")]
            #expect(flags == .list([.text("author_not_owner")]))
            let lead = try await storeRows(store)[RowID("lead-pool-hd-1")]
            #expect(text(lead, "pool_state") == "public")
            for field in ["intent_level", "next_followup_at", "last_followup_at"] {
                #expect((lead?.values[FieldName(field)] ?? .null) == .null, "\(field) of the pool lead stays as it was")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aPreviousOwnersFollowUpAfterTheReclaimIsFlaggedAndMovesNothing(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [PoolFixture.ownedLead("l2", lastFollowUp: d1)], serverNow: d1)
            #expect(try await store.runReclaim(serverNow: try Scenario.instant("D9 00:00")).moves.map(\.id) == [RowID("l2")])
            // Wang calls after the job took the lead: the reclaim stands (R-6.7 needs a call before it).
            var wang = Device("w1", DemoUsers.wang.userID)
            let after = try Scenario.instant("D9 08:00")
            let answer = try await wang.push(followUp("f-late", on: "l2", at: after, by: &wang), [], to: store, at: after + 60_000)
            #expect(answer.results.allSatisfy { $0.status == .applied })
            let flags = try await storeRows(store, entity: EntityName("follow_up"))[RowID("f-late")]?.values[FieldName("flags")]
            #expect(flags == .list([.text("author_not_owner")]))
            let lead = try await storeRows(store)[RowID("l2")]
            #expect(text(lead, "pool_state") == "public")
            #expect(lead?.values[FieldName("last_followup_at")] == .integer(d1))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aReadWriteTeamMembersFollowUpMovesTheLastFollowUpButNotThePlans(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            _ = try await wang.push([], [share("l-w", with: "u-zhao", by: &wang)], to: store, at: d1)
            let called = d1 + 3_600_000
            let answer = try await zhao.push(followUp("f-rw", on: "l-w", at: called, by: &zhao, plans: ["intent_level_after": .text("A")]),
                                             [], to: store, at: called + 60_000)
            #expect(answer.results.allSatisfy { $0.status == .applied })
            let flags = try await storeRows(store, entity: EntityName("follow_up"))[RowID("f-rw")]?.values[FieldName("flags")]
            #expect(flags == .list([.text("author_not_owner")]))
            let lead = try await storeRows(store)[RowID("l-w")]
            #expect(lead?.values[FieldName("last_followup_at")] == .integer(called), "R-8.4: the author had write access")
            #expect((lead?.values[FieldName("intent_level")] ?? .null) == .null, "the plans stay the owner's")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aFollowUpWrittenWhileSharedIsAcceptedAfterTheShareEnds(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            _ = try await wang.push([], [share("l-w", with: "u-zhao", by: &wang)], to: store, at: d1)
            // Zhao calls offline while the lead is shared with him; Wang ends the share before Zhao syncs.
            let called = d1 + 3_600_000
            let written = followUp("f-shared", on: "l-w", at: called, by: &zhao)
            _ = try await wang.push([], [wang.command(.unshare, "lead", "l-w", ["member": .text("u-zhao")])], to: store, at: called + 60_000)
            let answer = try await zhao.push(written, [], to: store, at: called + 120_000)
            #expect(answer.results.map(\.status) == Array(repeating: .applied, count: written.count), "R-8.4: in scope at occurred_at")
            let onTimeline = try await storeRows(store, entity: EntityName("follow_up"), as: DemoUsers.wang.userID)[RowID("f-shared")]
            #expect(onTimeline?.values[FieldName("flags")] == .list([.text("author_not_owner")]))
            #expect(try await storeRows(store, entity: EntityName("follow_up"), as: DemoUsers.zhao.userID)[RowID("f-shared")] != nil)
            #expect((try await storeRows(store)[RowID("l-w")]?.values[FieldName("last_followup_at")] ?? .null) == .null,
                    "no write access any more: the clock stays")

            // Long after the share ended, a follow-up about a later call is refused.
            let muchLater = called + 30 * 86_400_000
            let late = try await zhao.push(followUp("f-late", on: "l-w", at: muchLater, by: &zhao), [], to: store, at: muchLater)
            #expect(late.results.allSatisfy { $0.code?.rawValue == "permission.not_in_scope" })
        }
    }

    /// DOMAIN §3.2 rule 6: the `last_followup_at` a follow-up moves is derived by the server and
    /// never brings back a lead the branch manager deleted meanwhile, whichever of the two the
    /// server receives first (the delete was made offline, before the call, so its clock is
    /// older than the server's write).
    @Test(arguments: StoreKind.allCases)
    func aFollowUpNeverUndoesAConcurrentDeleteWhateverTheOrder(store kind: StoreKind) async throws {
        for deleteFirst in [false, true] {
            try await withChangeStore(kind) { store in
                try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
                var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
                var chen = Device("c1", DemoUsers.chen.userID)
                _ = try await wang.push([], [share("l-w", with: "u-zhao", by: &wang)], to: store, at: d1)
                let deleted = d1 + 1_800_000, called = d1 + 3_600_000
                let delete = [chen.change("lead", "l-w", "deleted", .bool(true), at: deleted)]
                let call = followUp("f-rw", on: "l-w", at: called, by: &zhao)
                if deleteFirst {
                    #expect(try await chen.push(delete, [], to: store, at: called + 60_000).results.map(\.status) == [.applied])
                    _ = try await zhao.push(call, [], to: store, at: called + 120_000)
                } else {
                    _ = try await zhao.push(call, [], to: store, at: called + 60_000)
                    let answer = try await chen.push(delete, [], to: store, at: called + 120_000)
                    #expect(answer.results.map(\.status) == [.applied], "\(answer.results)")
                }
                let lead = try await store.storedRow(RowID("l-w"), of: EntityName("lead"))
                #expect(lead?.isDeleted == true, "deleted first: \(deleteFirst)")
                #expect(try await store.storedRow(RowID("f-rw"), of: EntityName("follow_up")) != nil, "the call is kept as evidence")
            }
        }
    }

    /// Without an organisation nothing is scoped: anyone's follow-up moves `last_followup_at`.
    @Test(arguments: StoreKind.allCases)
    func withoutAnOrganisationAnyonesFollowUpMovesTheLastFollowUp(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            _ = try await wang.push(wang.create("lead", "l-w", ["contact_name": .text("王妈妈"), "wechat_id": .text("wang_lead_parent"),
                                                               "source_channel": .text("ground_promotion")]), [], to: store, at: d1)
            let called = d1 + 3_600_000
            let answer = try await zhao.push(followUp("f-z", on: "l-w", at: called, by: &zhao), [], to: store, at: called + 60_000)
            #expect(answer.results.allSatisfy { $0.status == .applied })
            #expect(try await store.storedRow(RowID("l-w"), of: EntityName("lead"))?.values[FieldName("last_followup_at")] == .integer(called))
        }
    }

    /// a next follow-up planned after the call but already past when the push arrives is
    /// accepted and flagged `overdue`; one still ahead is not flagged.
    @Test(arguments: StoreKind.allCases)
    func aFollowUpWhoseNextCallHasPassedWhenItArrivesIsFlaggedOverdue(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID)
            let called = d1 + 3_600_000, arrives = d1 + 3 * 86_400_000
            let late = followUp("f-late", on: "l-w", at: called, by: &wang, plans: ["next_followup_at": .integer(called + 86_400_000)])
            let early = followUp("f-early", on: "l-w", at: called, by: &wang, plans: ["next_followup_at": .integer(arrives + 86_400_000)])
            let answer = try await wang.push(late + early, [], to: store, at: arrives)
            #expect(answer.results.allSatisfy { $0.status == .applied })
            let followUps = try await storeRows(store, entity: EntityName("follow_up"))
            #expect(followUps[RowID("f-late")]?.values[FieldName("flags")] == .list([.text("overdue")]))
            #expect((followUps[RowID("f-early")]?.values[FieldName("flags")] ?? .null) == .null)
        }
    }
}
