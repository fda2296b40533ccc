import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Commands are strict about their arguments, like every request: one a command does not take
/// is refused with `command.invalid_argument`, and the command does nothing.
@Suite struct CommandArgumentTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases)
    func anArgumentTheCommandDoesNotTakeIsRefusedAndChangesNothing(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let lead = SeedRow(entity: EntityName("lead"), id: RowID("p1"), values: [
                "contact_name": .text("公海家长"), "wechat_id": .text("pool_p1_parent"), "source_channel": .text("purchased_list"),
                "branch_id": .text("ou-hd"), "pool_state": .text("public"), "pool_id": .text("pool-hd"),
            ])
            try await store.seed(try DemoOrganisation.rows() + [lead], serverNow: now)
            var zhao = Device("z1", DemoUsers.zhao.userID)
            let odd = try await zhao.push([], [zhao.command(.claim, "lead", "p1", ["bogus": .integer(1)])], to: store, at: now)
            #expect(odd.results.first?.status == .rejected)
            #expect(odd.results.first?.code?.rawValue == "command.invalid_argument")
            #expect(odd.results.first?.message?.contains("'bogus'") == true)
            #expect(try await storeRows(store, entity: EntityName("lead"))[RowID("p1")]?.values[FieldName("owner_id")] ?? .null == .null)

            let plain = try await zhao.push([], [zhao.command(.claim, "lead", "p1")], to: store, at: now + 1000)
            #expect(plain.results.first?.status == .applied, "the same command without it runs")
        }
    }
}
