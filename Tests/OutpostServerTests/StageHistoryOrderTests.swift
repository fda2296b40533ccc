import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// The stage history says the same whichever of two concurrent stage writes reaches the server
/// first (C8; round 33: Lily's lower stage was `accepted = true` when it came first).
@Suite struct StageHistoryOrderTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases, [true, false])
    func aLowerConcurrentStageIsNotAcceptedInEitherOrder(store kind: StoreKind, lilyFirst: Bool) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), lily = Device("l1", DemoUsers.lily.userID)
            let made = wang.create("customer", "k1", ["name": .text("王小明家"), "customer_type": .text("family")])
                + wang.create("opportunity", "o1", ["customer_id": .text("k1"), "name": .text("小明 2026 编程课"), "outcome": .text("open"),
                                                    "stage": StageValue(epoch: 0, stage: "initial_contact").fieldValue])
            #expect(try await wang.push(made, [], to: store, at: now).results.allSatisfy { $0.status == .applied })
            let seen = try #require(try await storeRows(store, entity: EntityName("opportunity"))[RowID("o1")]?.stamps[FieldName("stage")]?.clock)

            // Both saw initial_contact; Lily's write is the later one by the clock.
            var wangs = wang.change("opportunity", "o1", "stage", StageValue(epoch: 0, stage: "negotiation").fieldValue, at: now + 10_000)
            var lilys = lily.change("opportunity", "o1", "stage", StageValue(epoch: 0, stage: "intent_confirmed").fieldValue, at: now + 20_000)
            wangs.base = seen
            lilys.base = seen
            if lilyFirst {
                _ = try await lily.push([lilys], [], to: store, at: now + 30_000)
                _ = try await wang.push([wangs], [], to: store, at: now + 40_000)
            } else {
                _ = try await wang.push([wangs], [], to: store, at: now + 30_000)
                _ = try await lily.push([lilys], [], to: store, at: now + 40_000)
            }
            let stage = try await storeRows(store, entity: EntityName("opportunity"))[RowID("o1")]?.values[FieldName("stage")]
            #expect(StageValue(stage ?? .null)?.stage == "negotiation")
            let history = try await storeRows(store, entity: EntityName("opportunity_stage_change")).values
                .map { ($0.values[FieldName("to_stage")]?.textValue ?? "", $0.values[FieldName("accepted")]?.boolValue ?? false) }
            #expect(Set(history.map { "\($0.0)=\($0.1)" }) == ["initial_contact=true", "negotiation=true", "intent_confirmed=false"])
        }
    }
}
