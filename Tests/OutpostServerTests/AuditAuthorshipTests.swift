import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// A pushed audit entry names who pushed it and from which device, whatever the laptop wrote
/// the server stamps `actor_id` and `device_id` as it stamps a follow-up's
/// author, on both stores, and the hash chain covers the stamped row.
@Suite struct AuditAuthorshipTests {
    private let d1 = try! Scenario.instant("D1 10:00")
    private let audit = EntityName("audit_log")

    /// Zhao writes an export entry in Chen's name and for another device: it is kept (audit
    /// rows are never refused, R-10.3), as Zhao's and his device's. Chen does not receive an
    /// entry in his name; Zhao keeps his own.
    @Test(arguments: StoreKind.allCases)
    func anAuditEntryInSomeoneElsesNameIsStampedWithWhoPushedIt(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: d1)
            var zhao = Device("z1", DemoUsers.zhao.userID)
            let id = "019a0000-0000-7000-8000-0000000000a1"
            let answer = try await zhao.push(zhao.create("audit_log", id, [
                "actor_id": .text("u-chen"), "device_id": .text("c1"), "action": .text("export"), "entity_type": .text("lead"),
                "row_count": .integer(5000), "occurred_at": .integer(d1), "result": .text("ok"),
            ]), [], to: store, at: d1 + 60_000)
            #expect(answer.results.allSatisfy { $0.status == .applied }, "\(answer.results)")

            let row = try #require(try await storeRows(store, entity: audit)[RowID(id)])
            #expect(row.values[FieldName("actor_id")] == .text("u-zhao"))
            #expect(row.values[FieldName("device_id")] == .text("z1"))
            #expect(row.values[FieldName("created_by")] == .text("u-zhao"))
            #expect(row.values[FieldName("row_count")] == .integer(5000))
            #expect(try await storeRows(store, entity: audit, as: DemoUsers.zhao.userID)[RowID(id)] != nil)
            #expect(try await storeRows(store, entity: audit, as: DemoUsers.chen.userID)[RowID(id)] == nil)
            #expect(try await store.verifyAuditChain().broken == nil)
        }
    }
}
