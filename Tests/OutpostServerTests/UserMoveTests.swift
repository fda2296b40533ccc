import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// `outpost-server users move` (DOMAIN "Org moves", R-4.1, R-4.4): a user who leaves a branch
/// leaves its records behind, with a colleague or in its pool, and the move is refused while
/// nobody says which.
@Suite struct UserMoveTests {
    private let now: Int64 = 1_788_300_000_000
    private let lead = EntityName("lead")

    /// A team of the CY branch, and Qian, who works in it.
    private let chaoyang = ChaoyangFixture.teamAndConsultant

    /// The demo organisation, CY's team, and a lead Wang created in HD.
    private func seeded(_ store: any ChangeStore) async throws {
        try await store.seed(try DemoOrganisation.rows() + chaoyang, serverNow: now)
        var wang = Device("w1", DemoUsers.wang.userID)
        let created = wang.create("lead", "l1", ["contact_name": .text("家长 l1"), "mobile": .text("13900001234"), "source_channel": .text("walk_in")])
        _ = try await wang.push(created, [], to: store, at: now)
    }

    private func administration(_ store: any ChangeStore) -> UserAdministration {
        UserAdministration(store: store, schema: OutpostSchema.current, now: { now + 60_000 })
    }

    private func unit(of user: UserID, in store: any ChangeStore) async throws -> FieldValue? {
        try await store.storedRow(RowID(user.rawValue), of: EntityName("user"))?.values[FieldName("org_unit_id")]
    }

    @Test(arguments: StoreKind.allCases)
    func aMoveToAnotherBranchIsRefusedUntilSomeoneTakesTheRecordsLeftBehind(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            await #expect(throws: AdministrationError.ownsRecordsInBranch(DemoUsers.wang.userID, count: 1, branch: "ou-hd")) {
                try await administration(store).move(UserMove(user: DemoUsers.wang.userID, unit: RowID("ou-cy-t1")))
            }
            await #expect(throws: AdministrationError.unsuitableColleague(UserID("u-qian"), branch: "ou-hd"), "Qian works in CY") {
                try await administration(store).move(UserMove(user: DemoUsers.wang.userID, unit: RowID("ou-cy-t1"), ownedRecords: .handOver(to: UserID("u-qian"))))
            }
            #expect(try await unit(of: DemoUsers.wang.userID, in: store) == .text("ou-hd-t1"), "a refused move changes nothing")
            #expect(try await storeRows(store)[RowID("l1")]?.values[FieldName("owner_id")] == .text("u-wang"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aColleagueOfTheOldBranchTakesTheRecordsAndTheMoverNoLongerSeesThem(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            let report = try await administration(store).move(UserMove(user: DemoUsers.wang.userID, unit: RowID("ou-cy-t1"),
                                                                       ownedRecords: .handOver(to: DemoUsers.zhao.userID)))
            #expect(report.fromBranch == "ou-hd")
            #expect(report.toBranch == "ou-cy")
            #expect(report.handedOver == [UserMoveReport.Record(entity: lead, id: RowID("l1"))])
            #expect(try await unit(of: DemoUsers.wang.userID, in: store) == .text("ou-cy-t1"))
            let l1 = try #require(try await storeRows(store)[RowID("l1")])
            #expect(l1.values[FieldName("owner_id")] == .text("u-zhao"))
            #expect(l1.values[FieldName("previous_owner_id")] == .text("u-wang"))
            #expect(l1.values[FieldName("branch_id")] == .text("ou-hd"), "R-4.1: the lead stays in the branch that collected it")
            let events = try await storeRows(store, entity: EntityName("ownership_event")).values
                .filter { $0.values[FieldName("subject_id")] == .text("l1") && $0.values[FieldName("action")] == .text("transfer") }
            #expect(events.count == 1)
            #expect(events.first?.values[FieldName("to_owner_id")] == .text("u-zhao"))
            #expect(try await storeRows(store, as: DemoUsers.wang.userID)[RowID("l1")] == nil, "R-4.4: CY's Wang no longer reads HD's lead")
            #expect(try await storeRows(store, as: DemoUsers.zhao.userID)[RowID("l1")] != nil)
        }
    }

    /// Someone leaving the company (`users disable --hand-over-to`, DOMAIN §1.12
    /// `handover_on_departure`): disabled, with every record handed to a colleague of their
    /// branch in the same transaction; without a colleague or the pool, nothing changes.
    @Test(arguments: StoreKind.allCases)
    func aLeaverIsDisabledAndTheirRecordsGoToAColleagueAsAHandoverOnDeparture(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            await #expect(throws: AdministrationError.unsuitableColleague(UserID("u-qian"), branch: "ou-hd"), "Qian works in CY") {
                try await administration(store).depart(DemoUsers.wang.userID, ownedRecords: .handOver(to: UserID("u-qian")))
            }
            #expect(try await store.status(of: DemoUsers.wang.userID) == UserStatus.active, "a refused departure changes nothing")

            let report = try await administration(store).depart(DemoUsers.wang.userID, ownedRecords: .handOver(to: DemoUsers.zhao.userID))
            #expect(report.handedOver == [UserMoveReport.Record(entity: lead, id: RowID("l1"))])
            #expect(try await store.status(of: DemoUsers.wang.userID) == UserStatus.disabled)
            #expect(try await unit(of: DemoUsers.wang.userID, in: store) == .text("ou-hd-t1"), "a leaver keeps their unit")
            let l1 = try #require(try await storeRows(store)[RowID("l1")])
            #expect(l1.values[FieldName("owner_id")] == .text("u-zhao"))
            #expect(l1.values[FieldName("previous_owner_id")] == .text("u-wang"))
            let events = try await storeRows(store, entity: EntityName("ownership_event")).values
                .filter { $0.values[FieldName("subject_id")] == .text("l1") && $0.values[FieldName("action")] == .text("handover_on_departure") }
            #expect(events.count == 1)
            #expect(events.first?.values[FieldName("reason")] == .text("owner left the company"))
            let audit = try await storeRows(store, entity: EntityName("audit_log")).values
                .filter { $0.values[FieldName("action")] == .text("user_disabled") }
            #expect(audit.count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func releasingSendsTheLeadsToTheOldBranchsPool(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            let report = try await administration(store).move(UserMove(user: DemoUsers.wang.userID, unit: RowID("ou-cy-t1"), ownedRecords: .release))
            #expect(report.released.map(\.id) == [RowID("l1")])
            let l1 = try #require(try await storeRows(store)[RowID("l1")])
            #expect(l1.values[FieldName("owner_id")] ?? .null == .null)
            #expect(l1.values[FieldName("pool_state")] == .text("public"))
            #expect(l1.values[FieldName("pool_id")] == .text("pool-hd"))
            var wang = Device("w2", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            let byWang = try await wang.push([wang.change("lead", "l1", "remark", .text("mine?"), at: now + 90_000)], [], to: store, at: now + 90_000)
            #expect(byWang.results.first?.message?.contains("was reassigned") == true, "\(byWang.results)")
            #expect(byWang.results.first?.message?.contains("pool") == false, "Wang left HD: he cannot claim from its pool either")
            let byZhao = try await zhao.push([zhao.change("lead", "l1", "remark", .text("mine?"), at: now + 90_000)], [], to: store, at: now + 90_000)
            #expect(byZhao.results.first?.message?.contains("public pool") == true, "Zhao, in HD, is told to claim it first")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aMoveWithinTheBranchKeepsTheRecords(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            let report = try await administration(store).move(UserMove(user: DemoUsers.wang.userID, unit: RowID("ou-hd-campus"),
                                                                       reportsTo: DemoUsers.chen.userID))
            #expect(report.handedOver.isEmpty && report.released.isEmpty)
            #expect(try await unit(of: DemoUsers.wang.userID, in: store) == .text("ou-hd-campus"))
            let wang = try await store.storedRow(RowID("u-wang"), of: EntityName("user"))
            #expect(wang?.values[FieldName("reports_to_id")] == .text("u-chen"))
            #expect(try await storeRows(store)[RowID("l1")]?.values[FieldName("owner_id")] == .text("u-wang"))
            await #expect(throws: AdministrationError.unknownUnit("ou-nowhere")) {
                try await administration(store).move(UserMove(user: DemoUsers.wang.userID, unit: RowID("ou-nowhere")))
            }
            await #expect(throws: AdministrationError.unknownUser(UserID("u-ghost")), "a mistyped colleague is named even when nothing needs one") {
                try await administration(store).move(UserMove(user: DemoUsers.wang.userID, unit: RowID("ou-hd-t1"), ownedRecords: .handOver(to: UserID("u-ghost"))))
            }
            await #expect(throws: AdministrationError.unknownUser(UserID("u-nobody"))) {
                try await administration(store).move(UserMove(user: UserID("u-nobody"), unit: RowID("ou-hd-t1")))
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aMoveToAnotherBranchEndsTheTeamMembershipsOfTheOldBranchsRecords(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            var zhao = Device("z1", DemoUsers.zhao.userID)
            let created = zhao.create("lead", "l-z", ["contact_name": .text("家长 l-z"), "mobile": .text("13900004321"), "source_channel": .text("walk_in")])
            let shared = try await zhao.push(created, [zhao.command(.share, "lead", "l-z", ["member": .text("u-wang"), "access": .text("read_write")])],
                                             to: store, at: now + 1_000)
            #expect(shared.results.allSatisfy { $0.status == .applied })
            #expect(try await storeRows(store, as: DemoUsers.wang.userID)[RowID("l-z")] != nil, "Wang is in l-z's team")

            let report = try await administration(store).move(UserMove(user: DemoUsers.wang.userID, unit: RowID("ou-cy-t1"),
                                                                       ownedRecords: .handOver(to: DemoUsers.zhao.userID)))
            #expect(report.endedShares.count == 1)
            #expect(try await storeRows(store, as: DemoUsers.wang.userID)[RowID("l-z")] == nil, "R-4.4: CY's Wang keeps no HD lead through a team")
            var wang = Device("w2", DemoUsers.wang.userID)   // w1's sequences were used by `seeded`
            let edit = try await wang.push([wang.change("lead", "l-z", "remark", .text("still in the team?"), at: now + 90_000)], [],
                                           to: store, at: now + 90_000)
            #expect(edit.results.first?.status == .rejected)
            #expect(edit.results.first?.message?.contains("Your team membership of this lead ended") == true, "\(edit.results)")
        }
    }

    /// A salesperson whose lead was merged into a colleague's (撞单, C11) reads the head as a
    /// member of its team: through a share, which a move to another branch ends like any other
    /// (round 33: the membership had no share row, so the HD lead kept reaching CY's laptop).
    @Test(arguments: StoreKind.allCases)
    func aMoveEndsTheReadOnlyMembershipADuplicateMergeGave(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            // Sun enters the same family on his laptop, signed in before Wang's lead reached the server.
            var sun = Device("s1", DemoUsers.sun.userID)
            let values: [String: FieldValue] = ["contact_name": .text("刘女士"), "mobile": .text("139 0000 1234"), "source_channel": .text("walk_in"),
                                                "created_at": .integer(now + 1_000)]
            var created: [PushChange] = []
            for (field, value) in values.sorted(by: { $0.key < $1.key }) { created.append(sun.change("lead", "l2", field, value, at: now + 1_000)) }
            let pushed = try await store.apply(PushRequest(deviceID: sun.id, changes: created, commands: []), author: DemoUsers.sun.userID,
                                               serverNow: now + 2_000, authority: .author(from: "127.0.0.1", signedInAt: now - 3_600_000))
            #expect(pushed.results.allSatisfy { $0.status == .applied }, "\(pushed.results)")
            let l1 = try #require(try await storeRows(store)[RowID("l1")])
            #expect(try await storeRows(store)[RowID("l2")]?.values[FieldName("merged_into_id")] == .text("l1"))
            #expect(l1.values[FieldName("ro_member_ids")] == .list([.text("u-sun")]), "C11: Sun keeps the lead in view")
            let shares = try await storeRows(store, entity: EntityName("record_share")).values
                .filter { $0.values[FieldName("member_id")] == .text("u-sun") }
            #expect(shares.count == 1 && shares.first?.values[FieldName("access")] == .text("read")
                && shares.first?.values[FieldName("status")] == .text("active"), "the membership is a share")
            #expect(try await storeRows(store, as: DemoUsers.sun.userID)[RowID("l1")] != nil)

            let report = try await administration(store).move(UserMove(user: DemoUsers.sun.userID, unit: RowID("ou-cy-t1")))
            #expect(report.endedShares.count == 1)
            #expect(try await storeRows(store)[RowID("l1")]?.values[FieldName("ro_member_ids")] == .list([]))
            #expect(try await storeRows(store, as: DemoUsers.sun.userID)[RowID("l1")] == nil, "R-4.4: CY's Sun reads no HD lead")
        }
    }

    /// A manager reads only the reports of their own branch, so `--reports-to` someone
    /// of another branch would give them nothing: refused, on `users add` and `users move`;
    /// head office and a manager of the branch are accepted.
    @Test(arguments: StoreKind.allCases)
    func aManagerOfAnotherBranchIsRefused(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + chaoyang + [ChaoyangFixture.headOffice], serverNow: now)
            let newcomer = UserAdministration.NewUser(id: UserID("u-new"), name: "新人", mobile: "13800000077", unit: "ou-cy-t1",
                                                      position: "course_consultant", reportsTo: DemoUsers.chen.userID)
            await #expect(throws: AdministrationError.managerInOtherBranch(DemoUsers.chen.userID, branch: "ou-hd", usersBranch: "ou-cy")) {
                try await administration(store).add(newcomer, password: "a long password")
            }
            #expect(try await store.status(of: UserID("u-new")) == nil, "a refused add writes nothing")
            var accepted = newcomer
            accepted.reportsTo = UserID("u-hq")
            try await administration(store).add(accepted, password: "a long password")

            await #expect(throws: AdministrationError.managerInOtherBranch(UserID("u-qian"), branch: "ou-cy", usersBranch: "ou-hd")) {
                try await administration(store).move(UserMove(user: DemoUsers.zhao.userID, unit: RowID("ou-hd-t1"), reportsTo: UserID("u-qian")))
            }
            await #expect(throws: AdministrationError.managerInOtherBranch(DemoUsers.chen.userID, branch: "ou-hd", usersBranch: "ou-cy")) {
                try await administration(store).move(UserMove(user: DemoUsers.zhao.userID, unit: RowID("ou-cy-t1"), reportsTo: DemoUsers.chen.userID))
            }
            #expect(try await unit(of: DemoUsers.zhao.userID, in: store) == .text("ou-hd-t1"), "a refused move changes nothing")
            _ = try await administration(store).move(UserMove(user: DemoUsers.zhao.userID, unit: RowID("ou-cy-t1"), reportsTo: UserID("u-qian")))
            #expect(try await unit(of: DemoUsers.zhao.userID, in: store) == .text("ou-cy-t1"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func releasingFromABranchWithoutAPoolIsRefused(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            _ = try await administration(store).move(UserMove(user: DemoUsers.zhao.userID, unit: RowID("ou-cy-t1")))
            var zhao = Device("z1", DemoUsers.zhao.userID)
            let created = zhao.create("lead", "l-cy", ["contact_name": .text("家长 l-cy"), "mobile": .text("13900004322"), "source_channel": .text("walk_in")])
            _ = try await zhao.push(created, [], to: store, at: now + 120_000)
            await #expect(throws: AdministrationError.noPoolInBranch("ou-cy"), "CY has no public pool") {
                try await administration(store).move(UserMove(user: DemoUsers.zhao.userID, unit: RowID("ou-hd-t1"), ownedRecords: .release))
            }
            await #expect(throws: AdministrationError.unknownUser(UserID("u-ghost"))) {
                try await administration(store).move(UserMove(user: DemoUsers.zhao.userID, unit: RowID("ou-hd-t1"), ownedRecords: .handOver(to: UserID("u-ghost"))))
            }
            #expect(try await storeRows(store)[RowID("l-cy")]?.values[FieldName("owner_id")] == .text("u-zhao"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aTeamLeadLeavingTheBranchIsToldWhoStillReportsToHer(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await seeded(store)
            let report = try await administration(store).move(UserMove(user: DemoUsers.lily.userID, unit: RowID("ou-cy-t1")))
            #expect(report.stillReporting.map(\.rawValue).sorted() == ["u-sun", "u-wang", "u-zhao"])
            #expect(report.stillManaged == [RowID("ou-hd-t1")])
            let within = try await administration(store).move(UserMove(user: DemoUsers.wang.userID, unit: RowID("ou-hd")))
            #expect(within.stillReporting.isEmpty && within.stillManaged.isEmpty)
        }
    }
}
