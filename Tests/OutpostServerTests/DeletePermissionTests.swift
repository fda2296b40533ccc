import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Deleting a lead or customer by a push needs the permission `lead.delete` (DOMAIN §2.9), from
/// a role or, without roles, from the position (branch manager, head office); an allowed
/// delete is audited. Both stores.
@Suite struct DeletePermissionTests {
    private let now = RoleFixture.now

    @Test(arguments: StoreKind.allCases)
    func aSalespersonMayNotDeleteTheirLeadAndIsToldWhatToDoInstead(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var wang = Device("w2", DemoUsers.wang.userID)
            let answer = try await wang.push([wang.change("lead", "l-wang", "deleted", .bool(true), at: now + 20_000)], [], to: store, at: now + 1)
            #expect(answer.results.map(\.code?.rawValue) == ["permission.not_allowed"])
            #expect(answer.results.first?.message == "Deleting a lead needs the permission 'lead.delete' (a branch manager's or head office's); nothing was deleted. Mark it invalid (mark_invalid; `outpost invalid`) or release it to the pool (release; `outpost release`) instead.")
            let row = try #require(try await storeRows(store, entity: RoleFixture.lead)[RowID("l-wang")])
            #expect(!row.isDeleted)
            let audit = try await storeRows(store, entity: EntityName("audit_log")).values
            #expect(audit.contains { $0.values[FieldName("action")] == .text("permission_denied")
                && $0.values[FieldName("reason")] == .text("permission.not_allowed") })
            #expect(!audit.contains { $0.values[FieldName("action")] == .text("delete") })
        }
    }

    /// A pool lead a salesperson reads (round 21): the refusal is about deleting, not "claim it
    /// first", since claiming would not let them delete it either.
    @Test(arguments: StoreKind.allCases)
    func aSalespersonDeletingAPoolLeadIsToldDeletingNeedsThePermission(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var wang = Device("w2", DemoUsers.wang.userID)
            _ = try await wang.push([], [wang.command(.release, "lead", "l-wang", ["reason": .text("moved away")])], to: store, at: now + 1)
            var sun = Device("s1", DemoUsers.sun.userID)
            let answer = try await sun.push([sun.change("lead", "l-wang", "deleted", .bool(true), at: now + 20_000)], [], to: store, at: now + 2)
            #expect(answer.results.map(\.code?.rawValue) == ["permission.not_allowed"])
            #expect(answer.results.first?.message?.hasPrefix("Deleting a lead needs the permission 'lead.delete'") == true)
            #expect(try await storeRows(store, entity: RoleFixture.lead)[RowID("l-wang")]?.isDeleted == false)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aDeleteWithThePermissionIsAppliedAndAudited(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            // The branch manager by position; Lily by a role that grants it.
            var chen = Device("c1", DemoUsers.chen.userID), lily = Device("l1", DemoUsers.lily.userID)
            let byChen = try await chen.push([chen.change("lead", "l-ma", "deleted", .bool(true), at: now + 20_000)], [], to: store, at: now + 1)
            #expect(byChen.results.map(\.status) == [.applied])
            let byLilyBefore = try await lily.push([lily.change("lead", "l-wang", "deleted", .bool(true), at: now + 20_000)], [], to: store, at: now + 2)
            #expect(byLilyBefore.results.map(\.code?.rawValue) == ["permission.not_allowed"], "a team lead's position does not delete")
            try await store.seed([RoleFixture.role("role-deleter", scope: "self_and_subordinates", permissions: ["lead.delete"]),
                                  RoleFixture.grant(["role-deleter"], to: "u-lily")], serverNow: now + 3)
            let byLily = try await lily.push([lily.change("lead", "l-wang", "deleted", .bool(true), at: now + 30_000)], [], to: store, at: now + 4)
            #expect(byLily.results.map(\.status) == [.applied])
            let leads = try await storeRows(store, entity: RoleFixture.lead)
            #expect(leads[RowID("l-ma")]?.isDeleted == true && leads[RowID("l-wang")]?.isDeleted == true)
            let deletes = try await storeRows(store, entity: EntityName("audit_log")).values
                .filter { $0.values[FieldName("action")] == .text("delete") }
            #expect(Set(deletes.map { $0.values[FieldName("actor_id")]?.textValue ?? "" }) == ["u-chen", "u-lily"])
            #expect(Set(deletes.compactMap { $0.values[FieldName("entity_ids")]?.listValue?.first?.textValue }) == ["l-ma", "l-wang"])
            #expect(deletes.allSatisfy { $0.values[FieldName("entity_type")] == .text("lead") && $0.values[FieldName("result")] == .text("ok") })
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aSalespersonMayNotRestoreALeadAManagerDeletedAndSeesItDeletedAgain(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var chen = Device("c1", DemoUsers.chen.userID), wang = Device("w2", DemoUsers.wang.userID)
            let delete = try await chen.push([chen.change("lead", "l-wang", "deleted", .bool(true), at: now + 20_000)], [], to: store, at: now + 1)
            #expect(delete.results.map(\.status) == [.applied])

            let restore = try await wang.push([wang.change("lead", "l-wang", "deleted", .bool(false), at: now + 30_000)], [], to: store, at: now + 2)
            let refusal = try #require(restore.results.first)
            #expect(refusal.code?.rawValue == "permission.not_allowed")
            #expect(refusal.message == "Restoring a deleted lead needs the permission 'lead.delete' (a branch manager's or head office's); it stays deleted. Ask a manager.")
            // The answer carries the server's tombstone, which Wang's laptop shows again in place of his write.
            #expect(refusal.currentVersion?.version.value == .bool(true))
            #expect(refusal.currentVersion?.version.author == DemoUsers.chen.userID)
            #expect(try await storeRows(store, entity: RoleFixture.lead)[RowID("l-wang")]?.isDeleted == true)

            let byChen = try await chen.push([chen.change("lead", "l-wang", "deleted", .bool(false), at: now + 40_000)], [], to: store, at: now + 3)
            #expect(byChen.results.map(\.status) == [.applied], "the manager who may delete may restore")
            #expect(try await storeRows(store, entity: RoleFixture.lead)[RowID("l-wang")]?.isDeleted == false)
        }
    }

    /// A later edit by a holder of `lead.delete` (Chen, on another laptop that had not seen his
    /// delete) brings the lead back in either arrival order (spec §9.6), and a salesperson's
    /// edit after that leaves it live: only edits by people who may not restore are held.
    @Test(arguments: StoreKind.allCases, [true, false])
    func aHoldersLaterEditBringsTheLeadBackAndASalespersonsEditThenKeepsItLive(store kind: StoreKind, deleteFirst: Bool) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var chen = Device("c1", DemoUsers.chen.userID), chensOther = Device("c2", DemoUsers.chen.userID)
            var wang = Device("w2", DemoUsers.wang.userID)
            func lead() async throws -> RowState? { try await storeRows(store, entity: RoleFixture.lead)[RowID("l-wang")] }
            let delete = chen.change("lead", "l-wang", "deleted", .bool(true), at: now + 20_000)
            let edit = chensOther.change("lead", "l-wang", "remark", .text("keep it"), at: now + 30_000)
            if deleteFirst {
                _ = try await chen.push([delete], [], to: store, at: now + 1)
                #expect(try await chensOther.push([edit], [], to: store, at: now + 2).results.map(\.status) == [.applied])
            } else {
                _ = try await chensOther.push([edit], [], to: store, at: now + 1)
                #expect(try await chen.push([delete], [], to: store, at: now + 2).results.map(\.status) == [.applied])
            }
            #expect(try await lead()?.isDeleted == false, "the holder's later edit brings it back")

            let later = try await wang.push([wang.change("lead", "l-wang", "remark", .text("called"), at: now + 40_000)], [], to: store, at: now + 3)
            #expect(later.results.map(\.status) == [.applied])
            #expect(try await lead()?.isDeleted == false, "a salesperson's edit of a live lead never deletes it")
            #expect(try await store.conflicts(lostBy: DemoUsers.wang.userID, after: 0, limit: 10).conflicts.isEmpty)
        }
    }

    /// A write to a deleted lead is kept beneath its tombstone (DOMAIN §3.2 rule 6): neither a
    /// salesperson's later edit nor the derived fields of their follow-up bring back a lead a
    /// manager deleted; the manager's restore brings it back with that edit.
    @Test(arguments: StoreKind.allCases)
    func editsAndFollowUpsOnALeadAManagerDeletedStayBeneathTheTombstone(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var chen = Device("c1", DemoUsers.chen.userID), wang = Device("w2", DemoUsers.wang.userID)
            _ = try await chen.push([chen.change("lead", "l-wang", "deleted", .bool(true), at: now + 20_000)], [], to: store, at: now + 1)
            func lead() async throws -> RowState? { try await storeRows(store, entity: RoleFixture.lead)[RowID("l-wang")] }

            let edit = try await wang.push([wang.change("lead", "l-wang", "remark", .text("called again"), at: now + 30_000)], [], to: store, at: now + 2)
            #expect(edit.results.map(\.status) == [.superseded], "the lead hides it: a write Wang lost until a restore")
            #expect(edit.results.first?.conflictID != nil)
            #expect(try await lead()?.isDeleted == true, "a salesperson's edit does not undo a manager's delete")
            #expect(try await lead()?.values[FieldName("remark")] == .text("called again"), "the edit is kept beneath the tombstone")

            let followUp = try await wang.push(wang.create("follow_up", "f-late", [
                "subject_type": .text("lead"), "subject_id": .text("l-wang"), "author_id": .text("u-wang"), "method": .text("phone"),
                "content": .text("回访"), "occurred_at": .integer(now + 40_000)]), [], to: store, at: now + 40_000)
            #expect(followUp.results.allSatisfy { $0.status == .applied })
            #expect(try await lead()?.isDeleted == true, "nor do a follow-up's derived fields")
            let tombstone = try #require(try await lead()?.stamps[.deleted])
            #expect(tombstone.author == DemoUsers.chen.userID, "the tombstone stays the manager's")

            let restore = try await chen.push([chen.change("lead", "l-wang", "deleted", .bool(false), at: now + 900_000)], [], to: store, at: now + 900_000)
            #expect(restore.results.map(\.status) == [.applied])
            #expect(try await lead()?.isDeleted == false)
            #expect(try await lead()?.values[FieldName("remark")] == .text("called again"), "the restore brings back the latest values")
        }
    }

    /// A follow-up with a plan (`next_followup_at`, `intent_level_after`) writes the plan to its
    /// lead as its author's edit (round 33: it brought back a lead the manager had deleted, on
    /// the server and every laptop). The plan stays beneath the tombstone, listed as lost, and
    /// comes back with the manager's restore; the follow-up itself is kept.
    @Test(arguments: StoreKind.allCases)
    func aFollowUpsPlanDoesNotBringBackALeadAManagerDeleted(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var chen = Device("c1", DemoUsers.chen.userID), wang = Device("w2", DemoUsers.wang.userID)
            _ = try await chen.push([chen.change("lead", "l-wang", "deleted", .bool(true), at: now + 20_000)], [], to: store, at: now + 1)
            func lead() async throws -> RowState? { try await storeRows(store, entity: RoleFixture.lead)[RowID("l-wang")] }

            // Written after the delete, on a laptop that had not heard of it.
            let values: [String: FieldValue] = [
                "subject_type": .text("lead"), "subject_id": .text("l-wang"), "author_id": .text("u-wang"), "method": .text("phone"),
                "content": .text("约下周试听"), "occurred_at": .integer(now + 40_000), "next_followup_at": .integer(now + 86_400_000),
                "intent_level_after": .text("A")]
            var writes: [PushChange] = []
            for (field, value) in values.sorted(by: { $0.key < $1.key }) { writes.append(wang.change("follow_up", "f-plan", field, value, at: now + 40_000)) }
            let followUp = try await wang.push(writes, [], to: store, at: now + 40_000)
            #expect(followUp.results.allSatisfy { $0.status == .applied }, "\(followUp.results)")
            #expect(try await storeRows(store, entity: EntityName("follow_up"))[RowID("f-plan")] != nil)
            #expect(try await lead()?.isDeleted == true, "the plan does not undo the manager's delete")
            #expect(try await lead()?.stamps[.deleted]?.author == DemoUsers.chen.userID)
            let lost = try await store.conflicts(lostBy: DemoUsers.wang.userID, after: 0, limit: 10).conflicts
            #expect(Set(lost.map(\.field.rawValue)) == ["next_followup_at", "intent_level"], "\(lost.map(\.field))")
            #expect(lost.allSatisfy { $0.rule == "tombstone" })

            _ = try await chen.push([chen.change("lead", "l-wang", "deleted", .bool(false), at: now + 900_000)], [], to: store, at: now + 900_000)
            #expect(try await lead()?.isDeleted == false)
            #expect(try await lead()?.values[FieldName("next_followup_at")] == .integer(now + 86_400_000), "the restore brings the plan back")
        }
    }

    /// Every field of an edit that lands beneath a tombstone is a write its author lost, listed
    /// under the rule `tombstone` (round 24: of a two-field edit, one was answered `applied`
    /// and only one listed).
    @Test(arguments: StoreKind.allCases)
    func everyFieldOfAnEditBeneathATombstoneIsListedAsLost(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var chen = Device("c1", DemoUsers.chen.userID), wang = Device("w2", DemoUsers.wang.userID)
            _ = try await chen.push([chen.change("lead", "l-wang", "deleted", .bool(true), at: now + 20_000)], [], to: store, at: now + 1)
            let edit = try await wang.push([wang.change("lead", "l-wang", "intent_level", .text("A"), at: now + 30_000),
                                            wang.change("lead", "l-wang", "remark", .text("删除后编辑"), at: now + 30_000)], [], to: store, at: now + 2)
            #expect(edit.results.map(\.status) == [.superseded, .superseded])
            let lost = try await store.conflicts(lostBy: DemoUsers.wang.userID, after: 0, limit: 10).conflicts
            #expect(Set(lost.map(\.field.rawValue)) == ["intent_level", "remark"])
            #expect(lost.allSatisfy { $0.rule == "tombstone" && $0.winner.version.value == .bool(true) })
            #expect(Set(edit.results.compactMap(\.conflictID)) == Set(lost.map(\.id)))
            let row = try #require(try await storeRows(store, entity: RoleFixture.lead)[RowID("l-wang")])
            #expect(row.isDeleted)
        }
    }
}
