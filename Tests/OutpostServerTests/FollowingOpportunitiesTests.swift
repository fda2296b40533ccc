import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// A customer's open opportunities go with it to its next owner (R-8.2; round 33: they stayed
/// with the old owner, who kept editing them without their customer): on a transfer and on a
/// claim from the pool. A won or lost opportunity, and one given to someone else on purpose, stay.
@Suite struct FollowingOpportunitiesTests {
    private let now: Int64 = 1_788_300_000_000

    private func customer(_ id: String, values: [String: FieldValue]) -> SeedRow {
        SeedRow(entity: EntityName("customer"), id: RowID(id), values: [
            "name": .text("王家 \(id)"), "customer_type": .text("family"), "branch_id": .text("ou-hd"), "deal_status": .text("not_won"),
            "locked": .bool(false), "lifecycle_stage": .text("acquisition"),
        ].merging(values) { $1 })
    }

    private func opportunity(_ id: String, of customer: String, owner: String, outcome: String) -> SeedRow {
        var values: [String: FieldValue] = [
            "customer_id": .text(customer), "branch_id": .text("ou-hd"), "owner_id": .text(owner), "name": .text("少儿编程 \(id)"),
            "stage": StageValue(epoch: 0, stage: "intent_confirmed").fieldValue, "outcome": .text(outcome), "reopen_epoch": .integer(0),
        ]
        if outcome == "lost" { values["lost_reason"] = .text("预算不够") }
        return SeedRow(entity: EntityName("opportunity"), id: RowID(id), values: values)
    }

    private func opportunities(_ store: any ChangeStore, as reader: UserID? = nil) async throws -> [RowID: RowState] {
        try await storeRows(store, entity: EntityName("opportunity"), as: reader)
    }

    @Test(arguments: StoreKind.allCases)
    func aTransferredCustomersOpenOpportunitiesGoWithIt(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [
                customer("k1", values: ["owner_id": .text("u-wang"), "pool_state": .text("private")]),
                opportunity("o-open", of: "k1", owner: "u-wang", outcome: "open"),
                opportunity("o-lost", of: "k1", owner: "u-wang", outcome: "lost"),
                opportunity("o-zhao", of: "k1", owner: "u-zhao", outcome: "open"),
            ], serverNow: now)
            var chen = Device("c1", DemoUsers.chen.userID)
            let answer = try await chen.push([], [chen.command(.transfer, "customer", "k1", ["to_user": .text("u-sun")])], to: store, at: now + 1_000)
            #expect(answer.results.map(\.status) == [.applied], "\(answer.results)")

            let rows = try await opportunities(store)
            #expect(rows[RowID("o-open")]?.values[FieldName("owner_id")] == .text("u-sun"), "the open one follows its customer")
            #expect(rows[RowID("o-lost")]?.values[FieldName("owner_id")] == .text("u-wang"), "a lost sale stays whose it was")
            #expect(rows[RowID("o-zhao")]?.values[FieldName("owner_id")] == .text("u-zhao"), "one given to Zhao on purpose stays his")
            let events = try await storeRows(store, entity: EntityName("ownership_event")).values
                .filter { $0.values[FieldName("subject_id")] == .text("o-open") }
            #expect(events.count == 1 && events.first?.values[FieldName("action")] == .text("transfer")
                && events.first?.values[FieldName("from_owner_id")] == .text("u-wang") && events.first?.values[FieldName("to_owner_id")] == .text("u-sun"))
            #expect(try await opportunities(store, as: DemoUsers.wang.userID)[RowID("o-open")] == nil, "Wang no longer holds it")
            #expect(try await opportunities(store, as: DemoUsers.sun.userID)[RowID("o-open")] != nil)

            var wang = Device("w1", DemoUsers.wang.userID)
            let edit = try await wang.push([wang.change("opportunity", "o-open", "amount_fen", .integer(880_000), at: now + 2_000)], [],
                                           to: store, at: now + 2_000)
            #expect(edit.results.first?.status == .rejected, "Wang edits it no more: \(edit.results)")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aClaimedCustomerBringsTheOpenOpportunitiesItsLastOwnerLeft(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [
                customer("k2", values: ["pool_state": .text("public"), "pool_id": .text("pool-hd"), "previous_owner_id": .text("u-wang")]),
                opportunity("o2", of: "k2", owner: "u-wang", outcome: "open"),
            ], serverNow: now)
            var zhao = Device("z1", DemoUsers.zhao.userID)
            let answer = try await zhao.push([], [zhao.command(.claim, "customer", "k2")], to: store, at: now + 1_000)
            #expect(answer.results.map(\.status) == [.applied], "\(answer.results)")
            #expect(try await opportunities(store)[RowID("o2")]?.values[FieldName("owner_id")] == .text("u-zhao"))
            let claims = try await storeRows(store, entity: EntityName("ownership_event")).values
                .filter { $0.values[FieldName("action")] == .text("claim") }
            #expect(Set(claims.compactMap { $0.values[FieldName("subject_type")]?.textValue }) == ["customer", "opportunity"])
        }
    }
}
