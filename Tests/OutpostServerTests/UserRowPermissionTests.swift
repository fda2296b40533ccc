import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Who changes which field of a `user` row (DOMAIN §1.2) on both stores: everyone their own
/// name; a team lead the allocation weight of the people they manage; the mobile number (the
/// sign-in name) and the rest only head office, or a branch manager for the users of their own
/// branch, and never to a number another user holds. Org units are head office's alone
/// (DOMAIN §1.1). A refused write changes nothing.
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
    /// A branch manager renames neither another branch, nor the company, nor his own branch,
    /// nor changes its time zone (the company day of reclaim and claim limits, R-6.1, R-7.4),
    /// nor adds a unit; nor does he rename or pause a user of another branch. Within his
    /// branch he still manages his users; head office changes any of it.
    @Test(arguments: StoreKind.allCases)
    func onlyHeadOfficeChangesOrgUnitsAndABranchManagerOnlyTheUsersOfHisBranch(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + Self.otherBranchAndHeadOffice, serverNow: d1)
            var chen = Device("c1", DemoUsers.chen.userID)
            let answer = try await chen.push([
                chen.change("org_unit", "ou-cy", "name", .text("Renamed by HD manager"), at: later),
                chen.change("org_unit", "ou-qihang", "timezone", .text("America/New_York"), at: later),
                chen.change("org_unit", "ou-hd", "sort_order", .integer(1), at: later),
                chen.change("user", "u-cy1", "name", .text("Renamed by HD manager"), at: later),
                chen.change("user", "u-cy1", "allocation_weight", .integer(0), at: later),
                chen.change("user", "u-hq", "mobile", .text("13800000099"), at: later),
                chen.change("user", "u-wang", "allocation_weight", .integer(50), at: later),
                chen.change("user", "u-wang", "employee_no", .text("HD-007"), at: later),
            ] + chen.create("org_unit", "ou-hd-t2", ["name": .text("T2"), "timezone": .text("Asia/Shanghai")]), [], to: store, at: later)
            #expect(codes(answer) == Array(repeating: "permission.not_allowed", count: 6) + ["applied", "applied", "permission.not_allowed", "permission.not_allowed"])
            #expect(answer.results[4].message?.contains("branch ou-cy") == true)

            let units = try await storeRows(store, entity: EntityName("org_unit"))
            #expect(units[RowID("ou-cy")]?.values[FieldName("name")] == .text("朝阳分校 CY"))
            #expect(units[RowID("ou-qihang")]?.values[FieldName("timezone")] == .text("Asia/Shanghai"))
            #expect(units[RowID("ou-hd")]?.values[FieldName("sort_order")] == nil)
            #expect(units[RowID("ou-hd-t2")] == nil)
            let cy1 = try await user("u-cy1", in: store)
            #expect(cy1?.values[FieldName("name")] == .text("周 Zhou"))
            #expect(cy1?.values[FieldName("allocation_weight")] == .integer(100))
            #expect(try await user("u-wang", in: store)?.values[FieldName("allocation_weight")] == .integer(50))

            // Head office changes units and every user.
            var hq = Device("h1", UserID("u-hq"))
            let byHeadOffice = try await hq.push([hq.change("org_unit", "ou-cy", "name", .text("朝阳 CY"), at: later + 1),
                                                  hq.change("org_unit", "ou-qihang", "timezone", .text("Asia/Urumqi"), at: later + 1),
                                                  hq.change("user", "u-cy1", "allocation_weight", .integer(0), at: later + 1)],
                                                 [], to: store, at: later + 1)
            #expect(codes(byHeadOffice) == ["applied", "applied", "applied"])
            #expect(try await storeRows(store, entity: EntityName("org_unit"))[RowID("ou-cy")]?.values[FieldName("name")] == .text("朝阳 CY"))
            #expect(try await user("u-cy1", in: store)?.values[FieldName("allocation_weight")] == .integer(0))
        }
    }

    /// A consultant of branch CY and a head-office administrator, beside the demo organisation.
    private static let otherBranchAndHeadOffice = [
        SeedRow(entity: EntityName("user"), id: RowID("u-cy1"), values: [
            "name": .text("周 Zhou"), "mobile": .text("13800000031"), "org_unit_id": .text("ou-cy"),
            "position": .text("course_consultant"), "status": .text("active"), "allocation_weight": .integer(100),
        ]),
        SeedRow(entity: EntityName("user"), id: RowID("u-hq"), values: [
            "name": .text("总部 HQ"), "mobile": .text("13800000032"), "org_unit_id": .text("ou-qihang"),
            "position": .text("hq_admin"), "status": .text("active"), "allocation_weight": .integer(0),
        ]),
    ]
}
