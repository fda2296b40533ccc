import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// A customer's money-backed fields follow its paid orders: a family
/// that paid today is in growth, not decline, until the academic system says its hours are
/// running out (round 22).
@Suite struct CustomerDerivedFieldsTests {
    private let now: Int64 = 1_788_300_000_000

    private func customer(_ store: any ChangeStore) async throws -> RowState? {
        try await storeRows(store, entity: EntityName("customer"))[RowID("k1")]
    }

    @Test(arguments: StoreKind.allCases)
    func aFamilyThatPaidTodayIsGrowingUntilItsRemainingHoursRunLow(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(wang.create("customer", "k1", ["name": .text("王家"), "customer_type": .text("family")]), [], to: store, at: now)
            #expect(try await customer(store)?.values[FieldName("lifecycle_stage")] == .text("acquisition"))
            #expect(try await customer(store)?.values[FieldName("rfm_code")] == .text("000"))

            try await store.seed([SeedRow(entity: EntityName("enrollment_order"), id: RowID("eo1"), values: [
                "customer_id": .text("k1"), "amount_fen": .integer(1_280_000), "paid_at": .integer(now + 1000), "status": .text("paid"),
                "hours_purchased": .real(48),
            ])], serverNow: now + 2000)
            let paid = try #require(try await customer(store))
            #expect(paid.values[FieldName("deal_status")] == .text("won"))
            #expect(paid.values[FieldName("lifecycle_stage")] == .text("growth"), "no student's hours are known yet: nothing ran out")

            // The academic system reports the student with 2 of 48 hours left: running out (R-12.1 c).
            try await store.seed([SeedRow(entity: EntityName("student"), id: RowID("s1"), values: [
                "customer_id": .text("k1"), "name": .text("小明"), "remaining_hours": .real(2),
            ])], serverNow: now + 3000)
            try await store.seed([SeedRow(entity: EntityName("enrollment_order"), id: RowID("eo1"), values: ["hours_purchased": .real(48)])],
                                 serverNow: now + 4000)
            #expect(try await customer(store)?.values[FieldName("lifecycle_stage")] == .text("decline"))

            // entering decline gave Wang a renewal opportunity; with it open, the
            // running-out rule no longer holds, and nothing opens a second one.
            let opportunities = try await storeRows(store, entity: EntityName("opportunity")).values
                .filter { $0.values[FieldName("customer_id")] == .text("k1") }
            #expect(opportunities.count == 1)
            let task = try #require(opportunities.first)
            #expect(task.values[FieldName("owner_id")] == .text("u-wang"))
            #expect(task.values[FieldName("outcome")] == .text("open"))
            #expect(StageValue(task.values[FieldName("stage")] ?? .null)?.stage == "initial_contact")
            try await store.seed([SeedRow(entity: EntityName("student"), id: RowID("s1"), values: ["remaining_hours": .real(1)])],
                                 serverNow: now + 5000)
            #expect(try await storeRows(store, entity: EntityName("opportunity")).values
                .filter { $0.values[FieldName("customer_id")] == .text("k1") }.count == 1)
        }
    }
}
