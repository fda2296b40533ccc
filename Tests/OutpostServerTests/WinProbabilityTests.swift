import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// An opportunity's `win_probability` follows its stage whatever moved it (R-13.5: 10/30/60/100),
/// and a reopened opportunity keeps no lost reason, against a real store (both kinds).
@Suite struct WinProbabilityTests {
    private let now: Int64 = 1_788_300_000_000

    /// DOMAIN §2.9 "Opportunity outcome = won": the owner (with a paid order), a team lead and
    /// above; a read-write team member may edit the opportunity but not win it.
    @Test(arguments: StoreKind.allCases)
    func aReadWriteTeamMemberCannotMarkAnOpportunityWon(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID), lily = Device("l1", DemoUsers.lily.userID)
            _ = try await wang.push(wang.create("customer", "k1", ["name": .text("王家"), "customer_type": .text("family")])
                                    + wang.create("opportunity", "o1", ["customer_id": .text("k1"), "name": .text("小明"), "outcome": .text("open"),
                                                                        "stage": StageValue(epoch: 0, stage: "intent_confirmed").fieldValue]),
                                    [wang.command(.share, "customer", "k1", ["member": .text("u-zhao"), "access": .text("read_write")])],
                                    to: store, at: now)
            try await store.seed([SeedRow(entity: EntityName("enrollment_order"), id: RowID("eo1"), values: [
                "customer_id": .text("k1"), "amount_fen": .integer(100), "paid_at": .integer(now), "status": .text("paid"),
            ])], serverNow: now + 1000)
            // As a read-write member Zhao edits the opportunity, but does not win it.
            let edit = try await zhao.push([zhao.change("opportunity", "o1", "amount_fen", .integer(1_280_000))], [], to: store, at: now + 2000)
            #expect(edit.results.map(\.status) == [.applied])
            let byMember = try await zhao.push([], [zhao.command(.markWon, "opportunity", "o1")], to: store, at: now + 3000)
            #expect(byMember.results.first?.code?.rawValue == "permission.not_owner")
            #expect(try await opportunity(store).state.values[FieldName("outcome")] == .text("open"))
            // Their team lead may.
            let byLead = try await lily.push([], [lily.command(.markWon, "opportunity", "o1")], to: store, at: now + 4000)
            #expect(byLead.results.map(\.status) == [.applied])
            #expect(try await opportunity(store).state.values[FieldName("outcome")] == .text("won"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theProbabilityFollowsTheStageUpAndBackDown(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), chen = Device("c1", DemoUsers.chen.userID)
            _ = try await wang.push(wang.create("customer", "k1", ["name": .text("王家"), "customer_type": .text("family")])
                                    + wang.create("opportunity", "o1", ["customer_id": .text("k1"), "name": .text("小明"), "outcome": .text("open"),
                                                                        "stage": StageValue(epoch: 0, stage: "intent_confirmed").fieldValue]),
                                    [], to: store, at: now)
            #expect(try await opportunity(store).probability == 30)

            _ = try await wang.push([wang.change("opportunity", "o1", "stage", StageValue(epoch: 0, stage: "negotiation").fieldValue)], [], to: store, at: now + 1000)
            #expect(try await opportunity(store).probability == 60)

            _ = try await wang.push([wang.change("opportunity", "o1", "lost_reason", .text("price")),
                                     wang.change("opportunity", "o1", "outcome", .text("lost"))], [], to: store, at: now + 2000)
            let reopen = chen.command(.reopen, "opportunity", "o1", ["to_stage": .text("intent_confirmed"), "reason": .text("called back")])
            #expect(try await chen.push([], [reopen], to: store, at: now + 3000).results.map(\.status) == [.applied])
            var row = try await opportunity(store)
            #expect(row.probability == 30)
            #expect((row.state.values[FieldName("lost_reason")] ?? .null) == .null)
            #expect(row.state.values[FieldName("outcome")] == .text("open"))

            try await store.seed([SeedRow(entity: EntityName("enrollment_order"), id: RowID("eo1"), values: [
                "customer_id": .text("k1"), "amount_fen": .integer(100), "paid_at": .integer(now), "status": .text("paid"),
            ])], serverNow: now + 4000)
            #expect(try await wang.push([], [wang.command(.markWon, "opportunity", "o1")], to: store, at: now + 5000).results.map(\.status) == [.applied])
            #expect(try await opportunity(store).probability == 100)

            let again = chen.command(.reopen, "opportunity", "o1", ["to_stage": .text("negotiation"), "reason": .text("refund")])
            _ = try await chen.push([], [again], to: store, at: now + 6000)
            row = try await opportunity(store)
            #expect(PlanWorkspaceWord.word(row.state.values[FieldName("stage")]) == "negotiation")
            #expect(row.probability == 60)
        }
    }

    private func opportunity(_ store: any ChangeStore) async throws -> (state: RowState, probability: Int64?) {
        let row = try #require(try await storeRows(store, entity: EntityName("opportunity"))[RowID("o1")])
        return (row, row.values[FieldName("win_probability")]?.integerValue)
    }
}
