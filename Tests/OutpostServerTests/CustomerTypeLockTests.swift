import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// DOMAIN §1.4: `customer_type` is last-writer-wins until the customer's first child row,
/// then fixed (`customer.type_fixed`), on both stores.
@Suite struct CustomerTypeLockTests {
    private let d1 = try! Scenario.instant("D1 10:00")

    private func customer(_ id: String) -> SeedRow {
        SeedRow(entity: EntityName("customer"), id: RowID(id), values: [
            "customer_type": .text("family"), "name": .text("王家"), "branch_id": .text("ou-hd"), "owner_id": .text("u-wang"),
            "pool_state": .text("private"), "deal_status": .text("not_won"), "locked": .bool(false), "lifecycle_stage": .text("acquisition"),
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func theTypeIsFixedOnceTheCustomerHasAChild(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let contact = SeedRow(entity: EntityName("contact"), id: RowID("c-1"), values: [
                "customer_id": .text("k-with-child"), "name": .text("王妈妈"), "mobile": .text("13812345678"), "relation": .text("mother"),
            ])
            try await store.seed(try DemoOrganisation.rows() + [customer("k-with-child"), customer("k-alone"), contact], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID)
            let answer = try await wang.push([
                wang.change("customer", "k-with-child", "customer_type", .text("organization")),
                wang.change("customer", "k-alone", "customer_type", .text("organization")),
            ], [], to: store, at: d1 + 60_000)
            #expect(answer.results.map(\.status) == [.rejected, .applied])
            #expect(answer.results.first?.code?.rawValue == "customer.type_fixed")
            let customers = try await storeRows(store, entity: EntityName("customer"))
            #expect(customers[RowID("k-with-child")]?.values[FieldName("customer_type")] == .text("family"))
            #expect(customers[RowID("k-alone")]?.values[FieldName("customer_type")] == .text("organization"))
        }
    }
}
