import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// A duplicate the server merges (C11, 撞单) becomes a tombstone whatever the clocks of its
/// fields: a laptop whose clock runs ahead of the server's, within the skew budget, writes
/// fields newer than the server's own clock, and the tombstone must still be the newest.
@Suite struct DuplicateMergeClockTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases)
    func aTailWrittenByALaptopAheadOfTheServerIsStillDeleted(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let lead: [String: FieldValue] = ["contact_name": .text("王妈妈"), "mobile": .text("13877770000"), "source_channel": .text("walk_in")]
            _ = try await wang.push(wang.create("lead", "l-head", lead), [], to: store, at: now)
            // Zhao's laptop runs a minute fast: every clock of the tail is ahead of the server's.
            var zhao = Device("z-fast", DemoUsers.zhao.userID, clockOffset: 60_000)
            let answer = try await zhao.push(zhao.create("lead", "l-tail", lead.merging(["contact_name": .text("王女士")]) { $1 }),
                                             [], to: store, at: now + 1_000)
            #expect(answer.results.allSatisfy { $0.status == .applied })

            let leads = try await storeRows(store, entity: EntityName("lead"))
            let tail = try #require(leads[RowID("l-tail")])
            #expect(tail.values[FieldName("merged_into_id")] == .text("l-head"))
            #expect(tail.values[.deleted] == .bool(true))
            #expect(tail.isDeleted, "the merged tail is a tombstone, not a live duplicate")
            #expect(leads[RowID("l-head")]?.isDeleted == false)
            // And it reaches a laptop deleted: the pull carries the tombstone's clock above the others.
            let pulled = try #require(try await RoleFixture.pullAll(store, as: DemoUsers.chen.userID).rows.first { $0.id == RowID("l-tail") })
            let tombstone = try #require(pulled.fields["deleted"]?.version)
            #expect(pulled.fields.values.allSatisfy { $0.version.clock <= tombstone.clock })
        }
    }
}
