import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Roles as data (DOMAIN §1.2, §2.8, §2.9) on a real store (both kinds): role rows and their
/// validation, scopes resolved from roles (the campus subtree included), and a role change
/// restarting the pull.
@Suite struct RoleTests {
    private let now = RoleFixture.now

    @Test(arguments: StoreKind.allCases)
    func aRoleWithAnUnknownDataScopeOrAMalformedFieldAccessIsRefusedWithItsCode(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [RoleFixture.boss], serverNow: now)
            var device = Device("b1", UserID("u-boss"))
            let unknownScope = device.create("role", "role-x", ["name": .text("X"), "data_scope": .text("everyone"), "status": .text("active")])
            let answer = try await device.push(unknownScope, [], to: store, at: now)
            #expect(Set(answer.results.map(\.code)) == [ErrorCode.roleUnknownDataScope])
            #expect(answer.results.first?.message == "'everyone' is not a data scope. Use one of self, self_and_subordinates, own_unit, unit_subtree, company.")
            let malformed = device.create("role", "role-y", ["name": .text("Y"), "data_scope": .text("own_unit"), "status": .text("active"),
                                                             "field_access": .list([.text("lead.mobile:hidden")])])
            let refused = try await device.push(malformed, [], to: store, at: now + 1)
            #expect(Set(refused.results.map(\.code)) == [ErrorCode.roleInvalidFieldAccess])
            // A well-formed role is still never written offline: permissions are granted by the server.
            let wellFormed = device.create("role", "role-z", ["name": .text("Z"), "data_scope": .text("own_unit"), "status": .text("active")])
            let serverOwned = try await device.push(wellFormed, [], to: store, at: now + 2)
            #expect(Set(serverOwned.results.map(\.code?.rawValue)) == ["change.server_owned_field"])
            #expect(try await storeRows(store, entity: EntityName("role")).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aUnitSubtreeRoleCoversTheCampusAndItsTeams(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            #expect(try await RoleFixture.leads(of: "u-gao", in: store).isEmpty, "without roles a consultant sees only their own")
            try await store.seed([RoleFixture.grant(["role-subtree"], to: "u-gao")], serverNow: now + 1)
            #expect(try await RoleFixture.leads(of: "u-gao", in: store) == ["l-ma"], "the campus and its team, not team T1 or CY")
            var gao = Device("g1", UserID("u-gao"))
            let edit = try await gao.push([gao.change("lead", "l-ma", "remark", .text("campus head called"), at: now + 10_000)], [], to: store, at: now + 2)
            #expect(edit.results.map(\.status) == [.applied], "a data scope is read and write")
            let outside = try await gao.push([gao.change("lead", "l-wang", "remark", .text("not mine"), at: now + 10_000)], [], to: store, at: now + 3)
            #expect(outside.results.first?.code?.rawValue == "permission.not_in_scope")
            // At the branch, the subtree is the whole branch: T1, the campus and its team, and the branch key.
            try await store.seed([RoleFixture.grant(["role-subtree"], to: "u-lily")], serverNow: now + 4)
            #expect(try await RoleFixture.leads(of: "u-lily", in: store) == ["l-wang"], "Lily's unit is team T1: only T1")
            try await store.seed([RoleFixture.grant(["role-subtree"], to: "u-chen")], serverNow: now + 5)
            #expect(try await RoleFixture.leads(of: "u-chen", in: store) == ["l-wang", "l-ma"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func eachDataScopeReachesWhatItNames(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            // Position defaults first: the branch manager sees the branch, the team lead the team.
            #expect(try await RoleFixture.leads(of: "u-chen", in: store) == ["l-wang", "l-ma"])
            #expect(try await RoleFixture.leads(of: "u-lily", in: store) == ["l-wang"])
            try await store.seed([RoleFixture.grant(["role-subordinates"], to: "u-chen"), RoleFixture.grant(["role-self"], to: "u-lily"),
                                  RoleFixture.grant(["role-unit"], to: "u-zhao"), RoleFixture.grant(["role-company"], to: "u-ma")], serverNow: now + 1)
            #expect(try await RoleFixture.leads(of: "u-chen", in: store) == ["l-wang"], "Wang reports to Lily, who reports to Chen; Ma to nobody")
            #expect(try await RoleFixture.leads(of: "u-lily", in: store).isEmpty, "roles replace the position's defaults")
            #expect(try await RoleFixture.leads(of: "u-zhao", in: store) == ["l-wang"], "own unit: team T1")
            #expect(try await RoleFixture.leads(of: "u-ma", in: store) == ["l-wang", "l-ma", "l-qian"])
            // Roles add up; an archived role counts for nothing.
            try await store.seed([RoleFixture.role("role-company", scope: "company", status: "archived"),
                                  RoleFixture.grant(["role-self", "role-subordinates"], to: "u-lily")], serverNow: now + 2)
            #expect(try await RoleFixture.leads(of: "u-ma", in: store) == ["l-ma"])
            #expect(try await RoleFixture.leads(of: "u-lily", in: store) == ["l-wang"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aRoleChangeRestartsThePullAndEvictsWhatLeftTheScope(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await RoleFixture.seedLeads(store)
            let before = try await RoleFixture.pullAll(store, as: DemoUsers.lily.userID)
            #expect(before.rows.contains { $0.id == RowID("l-wang") })
            try await store.seed([RoleFixture.grant(["role-self"], to: "u-lily")], serverNow: now + 1)
            let after = try await RoleFixture.pullAll(store, as: DemoUsers.lily.userID, after: before.cursor)
            #expect(after.restarted, "a replica drops what a restarted pull does not deliver")
            #expect(!after.rows.contains { $0.id == RowID("l-wang") })
            // Changing what a held role hides also changes the scope.
            let unchanged = try await RoleFixture.pullAll(store, as: DemoUsers.lily.userID, after: after.cursor)
            #expect(!unchanged.restarted)
            try await store.seed([RoleFixture.role("role-self", scope: "self", access: ["lead.mobile=hidden"])], serverNow: now + 2)
            #expect(try await RoleFixture.pullAll(store, as: DemoUsers.lily.userID, after: unchanged.cursor).restarted)
        }
    }
}
