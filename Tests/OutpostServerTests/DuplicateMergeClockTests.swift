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

    /// "先录先得" cannot be won with a clock set back: a lead created by a laptop counts
    /// as created no earlier than the laptop signed in or last synced, so a colleague's lead
    /// entered before stays the head. A laptop that really made its lead earlier, offline since
    /// it signed in, still keeps it (C11).
    @Test(arguments: StoreKind.allCases)
    func aBackdatedClockTakesNoLeadFromWhoEnteredItFirst(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            let lead: [String: FieldValue] = ["contact_name": .text("赵家"), "mobile": .text("13911117777"), "source_channel": .text("walk_in")]
            var zhao = Device("z1", DemoUsers.zhao.userID)
            _ = try await zhao.push(zhao.create("lead", "l-zhao", lead), [], to: store, at: now)

            // Wang signs in on a new laptop after Zhao's lead reached the server, sets its clock
            // back to 1970, and enters the same mobile.
            var wang = Device("w-evil", DemoUsers.wang.userID, clockOffset: 1_000 - now)
            let forged = PushRequest(deviceID: wang.id, changes: wang.create("lead", "l-wang", lead.merging(["contact_name": .text("王的")]) { $1 }),
                                     commands: [])
            _ = try await store.apply(forged, author: DemoUsers.wang.userID, serverNow: now + 2_000,
                                      authority: .author(from: "127.0.0.1", signedInAt: now + 1_000))
            let leads = try await storeRows(store, entity: EntityName("lead"))
            #expect(leads[RowID("l-zhao")]?.isDeleted == false, "Zhao entered it first and keeps it")
            #expect(leads[RowID("l-zhao")]?.values[FieldName("owner_id")] == .text(DemoUsers.zhao.userID.rawValue))
            #expect(leads[RowID("l-zhao")]?.values[FieldName("contact_name")] == .text("赵家"))
            #expect(leads[RowID("l-wang")]?.values[FieldName("merged_into_id")] == .text("l-zhao"))

            // A lead really made before Zhao's, on a laptop signed in before that, is the head.
            var sun = Device("s1", DemoUsers.sun.userID, clockOffset: -60_000)
            let earlier = PushRequest(deviceID: sun.id, changes: sun.create("lead", "l-sun", ["contact_name": .text("孙家"), "mobile": .text("13911118888"),
                                                                                              "source_channel": .text("walk_in")]), commands: [])
            var zhaoAgain = Device("z2", DemoUsers.zhao.userID)
            _ = try await zhaoAgain.push(zhaoAgain.create("lead", "l-zhao2", ["contact_name": .text("孙家"), "mobile": .text("13911118888"),
                                                                              "source_channel": .text("walk_in")]), [], to: store, at: now + 3_000)
            _ = try await store.apply(earlier, author: DemoUsers.sun.userID, serverNow: now + 4_000,
                                      authority: .author(from: "127.0.0.1", signedInAt: now - 3_600_000))
            let after = try await storeRows(store, entity: EntityName("lead"))
            #expect(after[RowID("l-sun")]?.isDeleted == false)
            #expect(after[RowID("l-zhao2")]?.values[FieldName("merged_into_id")] == .text("l-sun"))
        }
    }

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
