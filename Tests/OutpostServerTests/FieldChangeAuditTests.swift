import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// R-10.1: a push that changes an audited field (DOMAIN §1.14: here a contact's
/// `do_not_contact` and a lead's `mobile`) writes a `field_change` audit entry naming the field
/// with its value before and after; a new row, an unaudited field, or a write that changes
/// nothing writes none; two changes of one field in one push are two entries. Both stores,
/// and the hash chain stays whole.
@Suite struct FieldChangeAuditTests {
    private let now: Int64 = 1_788_300_000_000
    private let audit = EntityName("audit_log")

    private func fieldChanges(in store: any ChangeStore) async throws -> [RowState] {
        try await storeRows(store, entity: audit).values
            .filter { $0.values[FieldName("action")] == .text("field_change") }
            .sorted { ($0.values[FieldName("entity_type")]?.textValue ?? "") < ($1.values[FieldName("entity_type")]?.textValue ?? "") }
    }

    @Test(arguments: StoreKind.allCases)
    func aChangeToAnAuditedFieldIsAuditedWithItsValuesBeforeAndAfter(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let created = try await wang.push(
                wang.create("customer", "k1", ["name": .text("赵家"), "customer_type": .text("family")])
                    + wang.create("contact", "c1", ["customer_id": .text("k1"), "name": .text("赵妈妈"), "relation": .text("mother"),
                                                    "do_not_contact": .bool(false)])
                    + wang.create("lead", "l1", ["contact_name": .text("赵妈妈"), "mobile": .text("13900001234"), "source_channel": .text("walk_in")])
                    + wang.create("opportunity", "o1", ["customer_id": .text("k1"), "name": .text("编程课"), "outcome": .text("open"),
                                                        "stage": StageValue(epoch: 0, stage: "initial_contact").fieldValue, "amount_fen": .integer(500_000)]),
                [], to: store, at: now)
            #expect(created.results.allSatisfy { $0.status == .applied })
            #expect(try await fieldChanges(in: store).isEmpty, "a new row's first values are its creation, not a change")

            let changed = try await wang.push([
                wang.change("contact", "c1", "do_not_contact", .bool(true), at: now + 1_000),
                wang.change("opportunity", "o1", "amount_fen", .integer(600_000), at: now + 1_000),
                wang.change("lead", "l1", "remark", .text("不是审计字段"), at: now + 1_000),
                wang.change("lead", "l1", "mobile", .text("13900005678"), at: now + 1_000),
            ], [], to: store, at: now + 2_000)
            #expect(changed.results.allSatisfy { $0.status == .applied })
            let entries = try await fieldChanges(in: store)
            #expect(entries.count == 2, "one per audited field; none for the remark, nor for the mobile (left out: see `FieldChangeAudit`)")
            let contact = try #require(entries.first), opportunity = try #require(entries.last)
            #expect(contact.values[FieldName("entity_type")] == .text("contact"))
            #expect(contact.values[FieldName("entity_ids")] == .list([.text("c1")]))
            #expect(contact.values[FieldName("before")] == .text(#"{"do_not_contact":false}"#))
            #expect(contact.values[FieldName("after")] == .text(#"{"do_not_contact":true}"#))
            #expect(contact.values[FieldName("actor_id")] == .text("u-wang"))
            #expect(contact.values[FieldName("device_id")] == .text("w1"))
            #expect(opportunity.values[FieldName("before")] == .text(#"{"amount_fen":500000}"#))
            #expect(opportunity.values[FieldName("after")] == .text(#"{"amount_fen":600000}"#))

            let same = try await wang.push([wang.change("contact", "c1", "do_not_contact", .bool(true), at: now + 3_000)], [],
                                           to: store, at: now + 4_000)
            #expect(same.results.map(\.status) == [.applied])
            #expect(try await fieldChanges(in: store).count == 2, "a write of the value it already has changes nothing")

            // Two changes of one field in one push are two entries, in the order they ran (black-box round 17).
            let twice = try await wang.push([wang.change("opportunity", "o1", "amount_fen", .integer(650_000), at: now + 5_000),
                                             wang.change("opportunity", "o1", "amount_fen", .integer(700_000), at: now + 5_001)], [],
                                            to: store, at: now + 6_000)
            #expect(twice.results.allSatisfy { $0.status == .applied })
            let amounts = try await storeRows(store, entity: audit).sorted { $0.key < $1.key }.map(\.value)
                .filter { $0.values[FieldName("action")] == .text("field_change") && $0.values[FieldName("entity_type")] == .text("opportunity") }
            #expect(amounts.map { $0.values[FieldName("after")] } == [#"{"amount_fen":600000}"#, #"{"amount_fen":650000}"#, #"{"amount_fen":700000}"#].map(FieldValue.text))
            #expect(amounts.last?.values[FieldName("before")] == .text(#"{"amount_fen":650000}"#))
            #expect(try await store.verifyAuditChain().broken == nil)
        }
    }
}
