import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// A contact's `do_not_contact` is required with default false (DOMAIN §1.6): a contact pushed
/// without it reads false everywhere, and one pushed with `true` keeps it.
@Suite struct ContactDefaultTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases)
    func aNewContactIsNotFlaggedUnlessItSaysSo(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let parent: [String: FieldValue] = ["customer_id": .text("k1"), "name": .text("赵妈妈"), "relation": .text("mother")]
            let created = try await wang.push(
                wang.create("customer", "k1", ["name": .text("赵家"), "customer_type": .text("family")])
                    + wang.create("contact", "c-plain", parent)
                    + wang.create("contact", "c-flagged", parent.merging(["do_not_contact": .bool(true)]) { $1 }),
                [], to: store, at: now)
            #expect(created.results.allSatisfy { $0.status == .applied })
            let contacts = try await storeRows(store, entity: EntityName("contact"), as: DemoUsers.wang.userID)
            #expect(contacts[RowID("c-plain")]?.values[FieldName("do_not_contact")] == .bool(false))
            #expect(contacts[RowID("c-flagged")]?.values[FieldName("do_not_contact")] == .bool(true))
        }
    }
}
