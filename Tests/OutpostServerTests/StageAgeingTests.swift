import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// An opportunity's `stage_changed_at` (DOMAIN §1.6, stage-ageing reports) is when its stage
/// last moved on the server: set at creation and by every stage write that wins, left alone by
/// one that loses. Both stores.
@Suite struct StageAgeingTests {
    private let now = RoleFixture.now

    @Test(arguments: StoreKind.allCases)
    func theStageChangedAtMovesWithAWinningStageWriteOnly(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let created = try await wang.push(
                wang.create("customer", "k1", ["name": .text("王小明家"), "customer_type": .text("family")])
                    + wang.create("opportunity", "o1", ["customer_id": .text("k1"), "name": .text("小明 2026 编程课"), "outcome": .text("open"),
                                                        "stage": StageValue(epoch: 0, stage: "initial_contact").fieldValue]),
                [], to: store, at: now)
            #expect(created.results.allSatisfy { $0.status == .applied }, "\(created.results.compactMap(\.message))")
            func changedAt() async throws -> FieldValue? {
                try await storeRows(store, entity: EntityName("opportunity"))[RowID("o1")]?.values[FieldName("stage_changed_at")]
            }
            #expect(try await changedAt() == .integer(now))

            let forward = try await wang.push([wang.change("opportunity", "o1", "stage", StageValue(epoch: 0, stage: "negotiation").fieldValue,
                                                           at: now + 5_000)], [], to: store, at: now + 5_000)
            #expect(forward.results.map(\.status) == [.applied])
            #expect(try await changedAt() == .integer(now + 5_000))

            var lily = Device("l1", DemoUsers.lily.userID)
            let backward = try await lily.push([lily.change("opportunity", "o1", "stage", StageValue(epoch: 0, stage: "intent_confirmed").fieldValue,
                                                            at: now + 9_000)], [], to: store, at: now + 9_000)
            #expect(backward.results.map(\.status) == [.superseded], "forward only: a lower stage loses")
            #expect(try await changedAt() == .integer(now + 5_000))
        }
    }
}
