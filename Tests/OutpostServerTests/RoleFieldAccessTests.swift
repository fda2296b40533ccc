import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// A role's `field_access` on a real store (both kinds): a hidden field never leaves the
/// server, and a write to a hidden or read-only field is refused, audited and changes nothing
/// (DOMAIN §2.9, R-10.4).
@Suite struct RoleFieldAccessTests {
    private let now = RoleFixture.now

    private var telesales: SeedRow {
        RoleFixture.role("role-telesales", scope: "own_unit", access: ["lead.mobile=hidden", "lead.intent_level=read"])
    }

    @Test(arguments: StoreKind.allCases)
    func aHiddenFieldIsInNoPullPage(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            try await store.seed([telesales, RoleFixture.grant(["role-telesales"], to: "u-zhao")], serverNow: now + 1)
            let first = try await RoleFixture.pullAll(store, as: DemoUsers.zhao.userID)
            let leads = first.rows.filter { $0.entity == RoleFixture.lead && !$0.isEviction }
            #expect(leads.contains { $0.id == RowID("l-wang") && $0.fields["contact_name"] != nil })
            #expect(leads.allSatisfy { $0.fields["mobile"] == nil }, "not on whole rows")
            // Nor when the field changes later.
            var wang = Device("w2", DemoUsers.wang.userID)
            let edit = try await wang.push([wang.change("lead", "l-wang", "mobile", .text("13900009999"), at: now + 20_000),
                                            wang.change("lead", "l-wang", "remark", .text("new number"), at: now + 20_000)],
                                           [], to: store, at: now + 2)
            #expect(edit.results.map(\.status) == [.applied, .applied])
            let next = try await RoleFixture.pullAll(store, as: DemoUsers.zhao.userID, after: first.cursor)
            let changed = try #require(next.rows.first { $0.id == RowID("l-wang") })
            #expect(changed.fields["remark"] != nil && changed.fields["mobile"] == nil)
            // A second role that leaves the field alone shows it again: roles add up.
            try await store.seed([RoleFixture.grant(["role-telesales", "role-unit"], to: "u-zhao")], serverNow: now + 3)
            let again = try await RoleFixture.pullAll(store, as: DemoUsers.zhao.userID, after: next.cursor)
            #expect(again.restarted)
            #expect(again.rows.first { $0.id == RowID("l-wang") }?.fields["mobile"]?.version.value == .text("13900009999"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aWriteToAReadOnlyOrHiddenFieldIsRefusedAuditedAndChangesNothing(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            try await store.seed([telesales, RoleFixture.grant(["role-telesales"], to: "u-zhao")], serverNow: now + 1)
            var zhao = Device("z1", DemoUsers.zhao.userID)
            let answer = try await zhao.push([zhao.change("lead", "l-wang", "intent_level", .text("A"), at: now + 20_000),
                                              zhao.change("lead", "l-wang", "mobile", .text("13900008888"), at: now + 20_000),
                                              zhao.change("lead", "l-wang", "remark", .text("called"), at: now + 20_000)],
                                             [], to: store, at: now + 2)
            #expect(answer.results.map(\.code?.rawValue) == ["permission.field_read_only", "permission.field_read_only", nil])
            #expect(answer.results.first?.message
                    == "Your role lets you read but not change 'intent_level' of a lead; your change was not applied. Ask a manager.")
            #expect(answer.results[1].currentVersion == nil, "a refusal carries no hidden value")
            let row = try #require(try await storeRows(store, entity: RoleFixture.lead)[RowID("l-wang")])
            #expect(row.values[FieldName("intent_level")] == nil)
            #expect(row.values[FieldName("mobile")] == .text("13900001234"))
            #expect(row.values[FieldName("remark")] == .text("called"), "the row stays writable")
            let audit = try await storeRows(store, entity: EntityName("audit_log")).values
            #expect(audit.contains { $0.values[FieldName("action")] == .text("permission_denied")
                && $0.values[FieldName("actor_id")] == .text("u-zhao")
                && $0.values[FieldName("reason")] == .text("permission.field_read_only")
                && $0.values[FieldName("fields")] == .list([.text("intent_level"), .text("mobile")]) }, "R-10.4, naming each refused field")
        }
    }

    /// The device shows a refused write's field as the server holds it (spec §11.2): the answer
    /// carries that version where the author may read it, and nothing they may not read.
    @Test(arguments: StoreKind.allCases)
    func aRefusedWriteCarriesTheStoredVersionOnlyWhereTheAuthorMayReadIt(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var wang = Device("w2", DemoUsers.wang.userID)
            let answer = try await wang.push([wang.change("lead", "l-wang", "source_channel", .text("advertising"), at: now + 20_000),
                                              wang.change("lead", "l-wang", "status", StageValue(epoch: 0, stage: "converted").fieldValue, at: now + 20_000),
                                              wang.change("lead", "l-qian", "contact_name", .text("not mine"), at: now + 20_000)],
                                             [], to: store, at: now + 1)
            #expect(answer.results.map(\.code?.rawValue) == ["permission.field_read_only", "field.command_only", "permission.not_in_scope"])
            let stored = try #require(try await storeRows(store, entity: RoleFixture.lead)[RowID("l-wang")])
            #expect(answer.results[0].currentVersion?.version.value == .text("walk_in"))
            #expect(answer.results[0].currentVersion?.version.author == DemoUsers.wang.userID)
            #expect(stored.values[FieldName("status")] != nil)
            #expect(answer.results[1].currentVersion?.version.value == stored.values[FieldName("status")])
            #expect(answer.results[2].currentVersion == nil, "a lead out of the author's scope shows nothing of itself")
            #expect(stored.values[FieldName("source_channel")] == .text("walk_in"))
        }
    }
}
