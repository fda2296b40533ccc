import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Who changes which field of a `user` row (DOMAIN §1.2) on both stores: everyone their own
/// name; a team lead the allocation weight of the people they manage; the mobile number (the
/// sign-in name) and the rest only a branch manager or head office, and never to a number
/// another user holds. A refused write changes nothing.
@Suite struct UserRowPermissionTests {
    private let d1 = try! Scenario.instant("D1 10:00")
    /// After the seed, so an edit is the newest write of its field.
    private var later: Int64 { d1 + 60_000 }

    private func codes(_ response: PushResponse) -> [String] {
        response.results.map { $0.status == .applied ? "applied" : ($0.code?.rawValue ?? $0.status.rawValue) }
    }

    private func user(_ id: String, in store: any ChangeStore) async throws -> RowState? {
        try await storeRows(store, entity: EntityName("user"))[RowID(id)]
    }

    @Test(arguments: StoreKind.allCases)
    func aConsultantChangesOnlyTheNameOfTheirOwnUserRow(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID)
            let answer = try await wang.push([wang.change("user", "u-wang", "allocation_weight", .integer(0), at: later),
                                              wang.change("user", "u-wang", "mobile", .text("13800000002"), at: later),
                                              wang.change("user", "u-wang", "name", .text("王强 Wang Q."), at: later)], [], to: store, at: later)
            #expect(codes(answer) == ["permission.field_read_only", "permission.field_read_only", "applied"])
            let row = try await user("u-wang", in: store)
            #expect(row?.values[FieldName("allocation_weight")] == .integer(100))
            #expect(row?.values[FieldName("mobile")] == .text("13800000001"))
            #expect(row?.values[FieldName("name")] == .text("王强 Wang Q."))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aTeamLeadPausesAllocationOfTheTeamAndNoOneTakesAnotherUsersMobile(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: d1)
            var lily = Device("l1", DemoUsers.lily.userID), chen = Device("c1", DemoUsers.chen.userID)
            let byLead = try await lily.push([lily.change("user", "u-wang", "allocation_weight", .integer(0), at: later),
                                              lily.change("user", "u-wang", "mobile", .text("13800000009"), at: later)], [], to: store, at: later)
            #expect(codes(byLead) == ["applied", "permission.not_allowed"])
            #expect(try await user("u-wang", in: store)?.values[FieldName("allocation_weight")] == .integer(0))

            // An administrator changes a number, but never to one another user signs in with.
            let byManager = try await chen.push([chen.change("user", "u-wang", "mobile", .text("138-0000-0002"), at: later + 1),
                                                 chen.change("user", "u-wang", "mobile", .text("13800000009"), at: later + 2)],
                                                [], to: store, at: later + 1)
            #expect(codes(byManager) == ["user.mobile_taken", "applied"])
            #expect(try await user("u-wang", in: store)?.values[FieldName("mobile")] == .text("13800000009"))
            #expect(try await store.user(withMobile: "13800000002") == DemoUsers.zhao.userID)
        }
    }
}
