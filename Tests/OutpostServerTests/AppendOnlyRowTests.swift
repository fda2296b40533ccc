import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// and DOMAIN's append-only facts, against both stores: a stored audit entry takes no
/// write, not even to a field it was written without, from its author or a manager
/// (`audit.immutable`); a stored follow-up neither (`change.immutable_field`); the audit
/// chain still verifies, and a push sent again with the same values is answered applied
/// (black-box round 16: a push filled `reason` of a manager's delete entry). Someone else's entry is
/// out of scope before it is immutable: the refusal does not say it exists.
@Suite struct AppendOnlyRowTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases)
    func aStoredFactTakesNoWriteNotEvenToAFieldItWasWrittenWithout(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var zhao = Device("z1", DemoUsers.zhao.userID)
            let entry = "019a0000-0000-7000-8000-0000000000a1", followUp = "019a0000-0000-7000-8000-0000000000f1"
            let audit = zhao.create("audit_log", entry, ["actor_id": .text("u-zhao"), "device_id": .text("z1"), "action": .text("export"),
                                                          "entity_type": .text("lead"), "row_count": .integer(20), "occurred_at": .integer(now),
                                                          "result": .text("ok")])
            let created = try await zhao.push(audit + zhao.create("lead", "l1", ["contact_name": .text("家长"), "mobile": .text("13900001234"),
                                                                                  "source_channel": .text("walk_in")])
                                                    + zhao.create("follow_up", followUp, ["subject_type": .text("lead"), "subject_id": .text("l1"),
                                                                                          "method": .text("phone"), "content": .text("约试听"),
                                                                                          "occurred_at": .integer(now)]),
                                              [], to: store, at: now + 1_000)
            #expect(created.results.allSatisfy { $0.status == .applied }, "\(created.results.filter { $0.status != .applied })")

            let filled = try await zhao.push([zhao.change("audit_log", entry, "reason", .text("nothing to see"), at: now + 2_000),
                                              zhao.change("audit_log", entry, "row_count", .integer(1), at: now + 2_000)], [], to: store, at: now + 2_000)
            #expect(filled.results.map(\.code?.rawValue) == ["audit.immutable", "audit.immutable"])
            var chen = Device("c1", DemoUsers.chen.userID)
            let chens = "019a0000-0000-7000-8000-0000000000a2"
            _ = try await chen.push(chen.create("audit_log", chens, ["actor_id": .text("u-chen"), "device_id": .text("c1"), "action": .text("delete"),
                                                                      "entity_type": .text("lead"), "occurred_at": .integer(now), "result": .text("ok")]),
                                    [], to: store, at: now + 3_000)
            let byManager = try await chen.push([chen.change("audit_log", chens, "reason", .text("nothing to see"), at: now + 3_500)], [],
                                                to: store, at: now + 3_500)
            #expect(byManager.results.map(\.code?.rawValue) == ["audit.immutable"], "a manager's own entry neither")
            var other = Device("c2", DemoUsers.chen.userID)
            let onZhaos = try await other.push([other.change("audit_log", entry, "reason", .text("x"), at: now + 3_600)], [], to: store, at: now + 3_600)
            #expect(onZhaos.results.map(\.code?.rawValue) == ["permission.not_in_scope"], "someone else's entry is not even shown to be there")
            let edited = try await zhao.push([zhao.change("follow_up", followUp, "next_followup_at", .integer(now + 86_400_000), at: now + 4_000)], [],
                                             to: store, at: now + 4_000)
            #expect(edited.results.map(\.code?.rawValue) == ["change.immutable_field"])

            let row = try #require(try await storeRows(store, entity: EntityName("audit_log"))[RowID(entry)])
            #expect(row.values[FieldName("reason")] == nil)
            #expect(row.values[FieldName("row_count")] == .integer(20))
            #expect(try await storeRows(store, entity: EntityName("follow_up"))[RowID(followUp)]?.values[FieldName("next_followup_at")] == nil)
            #expect(try await store.verifyAuditChain().broken == nil)

            let again = try await zhao.push([zhao.change("audit_log", entry, "row_count", .integer(20), at: now + 5_000)], [], to: store, at: now + 5_000)
            #expect(again.results.map(\.status) == [.applied], "the stored value again changes nothing")
        }
    }
}
