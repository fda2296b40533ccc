import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// A row whose parent does not exist (a mistyped id, a parent the server refused) is refused
/// whole and kept on the device: stored, it would reach no one, on no record.
@Suite struct OrphanRowTests {
    private let now = RoleFixture.now

    @Test(arguments: StoreKind.allCases)
    func aFollowUpOnALeadThatDoesNotExistIsRefusedAndChangesNothing(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var wang = Device("w2", DemoUsers.wang.userID)
            let followUp: [String: FieldValue] = ["subject_type": .text("lead"), "author_id": .text("u-wang"), "method": .text("phone"),
                                                  "content": .text("约了周六"), "occurred_at": .integer(now)]
            let orphan = try await wang.push(wang.create("follow_up", "f-orphan", followUp.merging(["subject_id": .text("l-wan")]) { $1 }),
                                             [], to: store, at: now + 1)
            #expect(Set(orphan.results.map(\.code?.rawValue)) == ["permission.not_in_scope"])
            #expect(orphan.results.first?.message == "The lead 'l-wan' does not exist or is not in your scope; nothing was changed.")
            #expect(try await storeRows(store, entity: EntityName("follow_up"))[RowID("f-orphan")] == nil)

            let kept = try await wang.push(wang.create("follow_up", "f-kept", followUp.merging(["subject_id": .text("l-wang")]) { $1 }),
                                           [], to: store, at: now + 2)
            #expect(kept.results.allSatisfy { $0.status == .applied }, "on his own lead it is taken")
        }
    }
}
