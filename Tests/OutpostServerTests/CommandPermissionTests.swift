import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import Testing

/// Commands that act on other people's records are gated by permissions (DOMAIN §1.2): a
/// user's roles grant them, and a user without roles holds their position's defaults (team
/// leads and above hold them all). A refusal is `permission.not_allowed` and changes nothing.
@Suite struct CommandPermissionTests {
    private let now = RoleFixture.now

    private func owner(of lead: String, in store: any ChangeStore) async throws -> String? {
        try await storeRows(store, entity: RoleFixture.lead)[RowID(lead)]?.values[FieldName("owner_id")]?.textValue
    }

    @Test(arguments: StoreKind.allCases)
    func aTeamLeadTransfersByPositionButNotUnderARoleWithoutThePermission(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var lily = Device("l1", DemoUsers.lily.userID)
            let byPosition = try await lily.push([], [lily.command(.transfer, "lead", "l-wang", ["to_user": .text("u-zhao")])],
                                                 to: store, at: now + 1)
            #expect(byPosition.results.map(\.status) == [.applied])
            #expect(try await owner(of: "l-wang", in: store) == "u-zhao")

            try await store.seed([RoleFixture.role("role-reader", scope: "self_and_subordinates"),
                                  RoleFixture.grant(["role-reader"], to: "u-lily")], serverNow: now + 2)
            let byRole = try await lily.push([], [lily.command(.transfer, "lead", "l-wang", ["to_user": .text("u-wang")])],
                                             to: store, at: now + 3)
            #expect(byRole.results.map(\.code?.rawValue) == ["permission.not_allowed"])
            #expect(byRole.results.first?.message?.contains("'\(CommandPermission.transfer)'") == true)
            #expect(try await owner(of: "l-wang", in: store) == "u-zhao", "a refused transfer changes nothing")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aConsultantWhoseRoleGrantsThePermissionTransfersWithinTheRolesScope(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var gao = Device("g1", UserID("u-gao"))
            let before = try await gao.push([], [gao.command(.transfer, "lead", "l-ma", ["to_user": .text("u-gao")])], to: store, at: now + 1)
            #expect(before.results.first?.status == .rejected, "a consultant by position manages nobody's records")

            try await store.seed([RoleFixture.role("role-campus-head", scope: "unit_subtree", permissions: [CommandPermission.transfer]),
                                  RoleFixture.grant(["role-campus-head"], to: "u-gao")], serverNow: now + 2)
            let after = try await gao.push([], [gao.command(.transfer, "lead", "l-ma", ["to_user": .text("u-gao")])], to: store, at: now + 3)
            #expect(after.results.map(\.status) == [.applied])
            #expect(try await owner(of: "l-ma", in: store) == "u-gao")
            let outside = try await gao.push([], [gao.command(.transfer, "lead", "l-qian", ["to_user": .text("u-gao")])], to: store, at: now + 4)
            #expect(outside.results.first?.status == .rejected, "the permission does not reach past the role's data scope")
            #expect(try await owner(of: "l-qian", in: store) == "u-qian")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aTransferStaysInTheActorsTeamOrBranchAndOnlyHeadOfficeMovesARecordToAnotherBranch(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            var lily = Device("l1", DemoUsers.lily.userID), chen = Device("c1", DemoUsers.chen.userID), boss = Device("b1", UserID("u-boss"))
            func transfer(_ device: inout Device, _ lead: String, to user: String, at time: Int64) async throws -> String? {
                let answer = try await device.push([], [device.command(.transfer, "lead", lead, ["to_user": .text(user)])], to: store, at: time)
                return answer.results.first.map { $0.code?.rawValue ?? $0.status.rawValue }
            }
            // DOMAIN §2.9: a team lead transfers within the team, a branch manager within the branch.
            #expect(try await transfer(&lily, "l-wang", to: "u-qian", at: now + 1) == "permission.not_in_scope", "another branch")
            #expect(try await transfer(&lily, "l-wang", to: "u-ma", at: now + 2) == "permission.not_in_scope", "another team")
            #expect(try await transfer(&chen, "l-wang", to: "u-qian", at: now + 3) == "permission.not_in_scope", "another branch")
            #expect(try await owner(of: "l-wang", in: store) == "u-wang", "a refused transfer changes nothing")
            #expect(try await RoleFixture.leads(of: "u-qian", in: store) == ["l-qian"], "the other branch receives nothing")
            #expect(try await transfer(&chen, "l-wang", to: "u-ma", at: now + 4) == "applied", "across teams of the branch")
            #expect(try await owner(of: "l-wang", in: store) == "u-ma")

            // head office moves a record to another branch, and it becomes that branch's.
            #expect(try await transfer(&boss, "l-qian", to: "u-wang", at: now + 5) == "applied")
            let moved = try #require(try await storeRows(store, entity: RoleFixture.lead)[RowID("l-qian")])
            #expect(moved.values[FieldName("owner_id")] == .text("u-wang"))
            #expect(moved.values[FieldName("branch_id")] == .text("ou-hd"))
            #expect(try await RoleFixture.leads(of: "u-chen", in: store).contains("l-qian"))
        }
    }
}
