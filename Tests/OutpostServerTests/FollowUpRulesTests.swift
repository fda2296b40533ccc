import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// What an accepted follow-up does to its subject (R-8.4, DOMAIN §3.2 rule 4, commands.md
/// "Follow-ups") on both stores: the owner's moves the subject's `last_followup_at`,
/// `intent_level` and `next_followup_at`; one from anyone who does not own the subject now is
/// kept as evidence and flagged `author_not_owner`; it moves `last_followup_at` when its author
/// could change the subject at `occurred_at` (the owner then, their team lead, a read-write
/// team member then), and the plans when they could also at the follow-up's clock.
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
        device.create("follow_up", id, followUpValues(on: lead, at: occurredAt, plans: plans))
    }

    /// A follow-up typed on a laptop whose clock read `writtenAt` (offline: the server sees it later).
    private func followUp(_ id: String, on lead: String, at occurredAt: Int64, writtenAt: Int64, by device: inout Device,
                          plans: [String: FieldValue] = [:]) -> [PushChange] {
        followUpValues(on: lead, at: occurredAt, plans: plans).sorted { $0.key < $1.key }.map {
            device.change("follow_up", id, $0.key, $0.value, at: writtenAt)
        }
    }

    private func followUpValues(on lead: String, at occurredAt: Int64, plans: [String: FieldValue]) -> [String: FieldValue] {
        [
            "subject_type": .text("lead"), "subject_id": .text(lead), "method": .text("phone"), "content": .text("called"),
            "occurred_at": .integer(occurredAt),
        ].merging(plans) { $1 }
    }

    private let plans: [String: FieldValue] = ["intent_level_after": .text("B"), "next_followup_at": .integer(1_788_400_000_000)]

    private func flags(of followUp: String, in store: any ChangeStore) async throws -> FieldValue? {
        try await storeRows(store, entity: EntityName("follow_up"))[RowID(followUp)]?.values[FieldName("flags")]
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

    /// Defect A: anyone who may change the lead (a read-write team member, the owner's team
    /// lead) carries the plans of their call to it, as the owner does.
    @Test(arguments: StoreKind.allCases)
    func aReadWriteTeamMembersFollowUpMovesTheLastFollowUpAndThePlans(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            _ = try await wang.push([], [share("l-w", with: "u-zhao", by: &wang)], to: store, at: d1)
            let called = d1 + 3_600_000
            let answer = try await zhao.push(followUp("f-rw", on: "l-w", at: called, by: &zhao, plans: plans),
                                             [], to: store, at: called + 60_000)
            #expect(answer.results.allSatisfy { $0.status == .applied })
            #expect(try await flags(of: "f-rw", in: store) == .list([.text("author_not_owner")]))
            let lead = try await storeRows(store)[RowID("l-w")]
            #expect(lead?.values[FieldName("last_followup_at")] == .integer(called), "R-8.4: the author had write access")
            #expect(text(lead, "intent_level") == "B", "§3.2(4): the author may change the lead's plans")
            #expect(lead?.values[FieldName("next_followup_at")] == plans["next_followup_at"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theTeamLeadsFollowUpMovesTheLastFollowUpAndThePlans(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var lily = Device("l1", DemoUsers.lily.userID)
            let called = d1 + 3_600_000
            let answer = try await lily.push(followUp("f-lily", on: "l-w", at: called, by: &lily, plans: plans), [], to: store, at: called + 60_000)
            #expect(answer.results.allSatisfy { $0.status == .applied })
            #expect(try await flags(of: "f-lily", in: store) == .list([.text("author_not_owner")]))
            let lead = try await storeRows(store)[RowID("l-w")]
            #expect(text(lead, "owner_id") == "u-wang", "a follow-up never changes ownership")
            #expect(lead?.values[FieldName("last_followup_at")] == .integer(called))
            #expect(text(lead, "intent_level") == "B")
            #expect(lead?.values[FieldName("next_followup_at")] == plans["next_followup_at"])
        }
    }

    /// Someone who only reads the lead keeps their call on its timeline but moves nothing on it.
    @Test(arguments: StoreKind.allCases)
    func aReadOnlyTeamMembersFollowUpIsFlaggedAndMovesNothing(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            let readOnly = wang.command(.share, "lead", "l-w", ["member": .text("u-zhao"), "access": .text("read")])
            #expect(try await wang.push([], [readOnly], to: store, at: d1).results.map(\.status) == [.applied])
            let called = d1 + 3_600_000
            let answer = try await zhao.push(followUp("f-ro", on: "l-w", at: called, by: &zhao, plans: plans), [], to: store, at: called + 60_000)
            #expect(answer.results.allSatisfy { $0.status == .applied })
            #expect(try await flags(of: "f-ro", in: store) == .list([.text("author_not_owner")]))
            let lead = try await storeRows(store)[RowID("l-w")]
            for field in ["intent_level", "next_followup_at", "last_followup_at"] {
                #expect((lead?.values[FieldName(field)] ?? .null) == .null, "\(field) stays as it was")
            }
        }
    }

    /// Defect B: Wang owned the lead when he called and typed the record, offline; Lily
    /// transferred it to Zhao before Wang synced. The call counts against reclaim and carries
    /// its plans with its own clock, so Zhao's later direct edit of `intent_level` still wins.
    @Test(arguments: StoreKind.allCases)
    func anOwnersFollowUpFromBeforeATransferMovesTheLeadWithItsOwnClock(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            var lily = Device("l1", DemoUsers.lily.userID)
            let called = d1 + 3_600_000, transferred = called + 3_600_000, edited = transferred + 600_000
            let offline = followUp("f-before", on: "l-w", at: called, writtenAt: called + 60_000, by: &wang, plans: plans)
            let transfer = lily.command(.transfer, "lead", "l-w", ["to_user": .text("u-zhao")])
            #expect(try await lily.push([], [transfer], to: store, at: transferred).results.map(\.status) == [.applied])
            let edit = zhao.change("lead", "l-w", "intent_level", .text("C"), at: edited)
            #expect(try await zhao.push([edit], [], to: store, at: edited).results.map(\.status) == [.applied])
            let answer = try await wang.push(offline, [], to: store, at: edited + 3_600_000)
            #expect(answer.results.allSatisfy { $0.status == .applied }, "\(answer.results)")
            #expect(try await flags(of: "f-before", in: store) == .list([.text("author_not_owner")]))
            let lead = try await storeRows(store)[RowID("l-w")]
            #expect(text(lead, "owner_id") == "u-zhao")
            #expect(lead?.values[FieldName("last_followup_at")] == .integer(called), "R-8.4: Wang had write access at occurred_at")
            #expect(lead?.values[FieldName("next_followup_at")] == plans["next_followup_at"])
            #expect(text(lead, "intent_level") == "C", "§3.2(4): Zhao's later direct edit wins over the older follow-up")
        }
    }

    /// C2: a call after the transfer moves nothing; a call from before it, typed only after it
    /// (its clock), moves the reclaim clock but not the new owner's plans.
    @Test(arguments: StoreKind.allCases)
    func aPreviousOwnersFollowUpTypedAfterTheTransferLeavesThePlans(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID), lily = Device("l1", DemoUsers.lily.userID)
            let called = d1 + 3_600_000, transferred = called + 3_600_000, typed = transferred + 3_600_000
            let transfer = lily.command(.transfer, "lead", "l-w", ["to_user": .text("u-zhao")])
            #expect(try await lily.push([], [transfer], to: store, at: transferred).results.map(\.status) == [.applied])
            let after = followUp("f-after", on: "l-w", at: typed, writtenAt: typed, by: &wang, plans: plans)
            #expect(try await wang.push(after, [], to: store, at: typed + 60_000).results.allSatisfy { $0.status == .applied })
            var lead = try await storeRows(store)[RowID("l-w")]
            for field in ["intent_level", "next_followup_at", "last_followup_at"] {
                #expect((lead?.values[FieldName(field)] ?? .null) == .null, "\(field): no write access at occurred_at")
            }
            let late = followUp("f-late", on: "l-w", at: called, writtenAt: typed, by: &wang, plans: plans)
            #expect(try await wang.push(late, [], to: store, at: typed + 120_000).results.allSatisfy { $0.status == .applied })
            lead = try await storeRows(store)[RowID("l-w")]
            #expect(lead?.values[FieldName("last_followup_at")] == .integer(called), "R-8.4: write access at occurred_at")
            for field in ["intent_level", "next_followup_at"] {
                #expect((lead?.values[FieldName(field)] ?? .null) == .null, "\(field): typed after Wang lost the lead")
            }
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
            #expect(try await storeRows(store)[RowID("l-w")]?.values[FieldName("last_followup_at")] == .integer(called),
                    "R-8.4: a read-write team member at occurred_at")

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
