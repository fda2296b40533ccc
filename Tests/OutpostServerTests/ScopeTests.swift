import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Scopes on a real store (both kinds): what a pull delivers to whom, evictions and arrivals
/// when ownership moves, pools that hide fields, and permission before merge.
@Suite struct ScopeTests {
    private let now: Int64 = 1_788_300_000_000
    private let lead = EntityName("lead")

    /// A consultant of the other branch (CY), who must never see or change HD's records.
    private var cyConsultant: [SeedRow] { ChaoyangFixture.teamAndConsultant }

    private func poolLead(_ id: String, mobile: String) -> SeedRow {
        SeedRow(entity: lead, id: RowID(id), values: [
            "contact_name": .text("公海家长 \(id)"), "mobile": .text(mobile), "source_channel": .text("purchased_list"),
            "branch_id": .text("ou-hd"), "pool_state": .text("public"), "pool_id": .text("pool-hd"),
        ])
    }

    private func newLead(_ id: String, by device: inout Device) -> [PushChange] {
        device.create("lead", id, ["contact_name": .text("家长 \(id)"), "mobile": .text("13900001234"), "source_channel": .text("walk_in")])
    }

    /// Every page of a pull from `cursor`, as `reader`, in pages of three.
    private func pullAll(_ store: any ChangeStore, as reader: UserID, after cursor: PullCursor? = nil) async throws -> (rows: [PulledRow], cursor: PullCursor?, restarted: Bool) {
        try await RoleFixture.pullAll(store, as: reader, after: cursor, limit: 3)
    }

    @Test(arguments: StoreKind.allCases)
    func aPoolRowReachesSalespeopleWithoutItsHiddenFields(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [poolLead("p1", mobile: "13700001001")], serverNow: now)
            let forWang = try await pullAll(store, as: DemoUsers.wang.userID).rows.first { $0.id == RowID("p1") }
            #expect(forWang?.fields["contact_name"] != nil)
            #expect(forWang?.fields["mobile"] == nil, "HD-Pool hides mobiles until a lead is claimed")
            let forChen = try await pullAll(store, as: DemoUsers.chen.userID).rows.first { $0.id == RowID("p1") }
            #expect(forChen?.fields["mobile"]?.version.value == .text("13700001001"), "the branch manager sees the whole row")

            // Claimed: the row arrives whole on the new owner's next pull.
            var zhao = Device("z1", DemoUsers.zhao.userID)
            let before = try await pullAll(store, as: DemoUsers.zhao.userID)
            #expect(before.rows.first { $0.id == RowID("p1") }?.fields["mobile"] == nil)
            _ = try await zhao.push([], [zhao.command(.claim, "lead", "p1")], to: store, at: now)
            let after = try await pullAll(store, as: DemoUsers.zhao.userID, after: before.cursor)
            #expect(after.rows.first { $0.id == RowID("p1") }?.fields["mobile"]?.version.value == .text("13700001001"))
            let wangAfter = try await pullAll(store, as: DemoUsers.wang.userID, after: try await pullAll(store, as: DemoUsers.wang.userID).cursor)
            #expect(wangAfter.rows.isEmpty)
        }
    }

    /// A pool is its branch's (R-8.1 d): a salesperson of another branch cannot claim from it,
    /// and learns no more than about any other row of that branch.
    @Test(arguments: StoreKind.allCases)
    func aSalespersonOfAnotherBranchCannotClaimFromThisBranchsPool(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + cyConsultant + [poolLead("p1", mobile: "13700001001")], serverNow: now)
            var qian = Device("q1", UserID("u-qian"))
            let answer = try await qian.push([], [qian.command(.claim, "lead", "p1")], to: store, at: now)
            #expect(answer.results.map(\.code?.rawValue) == ["permission.not_in_scope"])
            let row = try #require(try await storeRows(store, entity: lead)[RowID("p1")])
            #expect(row.values[FieldName("owner_id")] == nil)
            #expect(row.values[FieldName("pool_state")] == .text("public"), "the lead stays in HD's pool")

            var zhao = Device("z1", DemoUsers.zhao.userID)
            let claimed = try await zhao.push([], [zhao.command(.claim, "lead", "p1")], to: store, at: now + 1000)
            #expect(claimed.results.map(\.status) == [.applied], "a salesperson of the branch still claims it")
            let again = try await qian.push([], [qian.command(.claim, "lead", "p1")], to: store, at: now + 2000)
            #expect(again.results.map(\.code?.rawValue) == ["permission.not_in_scope"],
                    "nor does another branch learn that it was claimed, or by whom")
        }
    }

    /// The rows a command changes besides its subject are judged as its subject is: a team
    /// lead of another branch neither folds this branch's lead into theirs (taking its fields)
    /// nor converts a lead into this branch's customer.
    @Test(arguments: StoreKind.allCases)
    func aCommandChangesNoRowOfAnotherBranchBesidesItsSubject(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let cyLead = SeedRow(entity: EntityName("user"), id: RowID("u-cy-lead"), values: [
                "name": .text("孙组长 CY"), "mobile": .text("13800000019"), "org_unit_id": .text("ou-cy-t1"),
                "position": .text("team_lead"), "status": .text("active"), "allocation_weight": .integer(100)])
            let customer = SeedRow(entity: EntityName("customer"), id: RowID("c-hd"), values: [
                "name": .text("王家"), "customer_type": .text("family"), "branch_id": .text("ou-hd"), "owner_id": .text("u-wang"),
                "pool_state": .text("private")])
            try await store.seed(try DemoOrganisation.rows() + cyConsultant + [cyLead, customer], serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(newLead("l-hd", by: &wang) + [wang.change("lead", "l-hd", "remark", .text("家长只在周末接电话"))], [],
                                    to: store, at: now)
            var sun = Device("s1", UserID("u-cy-lead"))
            let own = sun.create("lead", "l-cy", ["contact_name": .text("孙家"), "mobile": .text("13900005678"), "source_channel": .text("walk_in")])
            _ = try await sun.push(own, [], to: store, at: now + 10)

            let merged = try await sun.push([], [sun.command(.merge, "lead", "l-cy", ["tails": .list([.text("l-hd")])])], to: store, at: now + 1000)
            #expect(merged.results.map(\.code?.rawValue) == ["permission.not_in_scope"])
            let converted = try await sun.push([], [sun.command(.convert, "lead", "l-cy", ["customer_id": .text("c-hd")])], to: store, at: now + 2000)
            #expect(converted.results.map(\.code?.rawValue) == ["permission.not_in_scope"])

            let leads = try await storeRows(store, entity: lead)
            #expect(leads[RowID("l-hd")]?.isDeleted == false, "Wang's lead is not folded away")
            #expect(leads[RowID("l-cy")]?.values[FieldName("remark")] == nil, "nor are its fields copied into the other branch's lead")
            #expect(leads[RowID("l-cy")]?.values[FieldName("status")] == StageValue(epoch: 0, stage: "new").fieldValue)
            let kept = try #require(try await storeRows(store, entity: EntityName("customer"))[RowID("c-hd")])
            #expect(kept.values[FieldName("owner_id")] == .text("u-wang"))
            #expect(kept.values[FieldName("converted_from_lead_id")] == nil)
        }
    }

    /// A write refused on its own (the author's permission, a server-owned field) is no value of
    /// the row: the push's other writes are judged without it, and are not refused for a rule
    /// only the refused write would have broken (a referral needs its referrer, R-1.1).
    @Test(arguments: StoreKind.allCases)
    func aRefusedWriteTakesNoOtherWriteOfTheRowDownWithIt(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(newLead("l1", by: &wang), [], to: store, at: now)
            let answer = try await wang.push([wang.change("lead", "l1", "source_channel", .text("referral")),
                                              wang.change("lead", "l1", "owner_id", .text(DemoUsers.zhao.userID.rawValue)),
                                              wang.change("lead", "l1", "remark", .text("家长周末有空"))], [], to: store, at: now + 1000)
            #expect(answer.results.map(\.code?.rawValue) == ["permission.field_read_only", "change.server_owned_field", nil])
            let row = try #require(try await storeRows(store, entity: lead)[RowID("l1")])
            #expect(row.values[FieldName("remark")] == .text("家长周末有空"))
            #expect(row.values[FieldName("source_channel")] == .text("walk_in"))
            #expect(row.values[FieldName("owner_id")] == .text(DemoUsers.wang.userID.rawValue))
        }
    }

    /// Rows only the server's commands and rules make are never made by a push: a salesperson
    /// cannot leave a notification, a de-dup link, an ownership event or a team membership.
    @Test(arguments: StoreKind.allCases)
    func aPushCreatesNoRowOnlyTheServerMakes(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(newLead("l1", by: &wang), [], to: store, at: now)
            let forged = wang.create("notification", "n-forged", ["read_at": .integer(now)])
                + wang.create("suspected_duplicate", "sd-forged", ["status": .text("dismissed")])
                + wang.create("ownership_event", "oe-forged", ["subject_type": .text("lead"), "subject_id": .text("l1"), "action": .text("transfer"),
                                                               "to_owner_id": .text(DemoUsers.zhao.userID.rawValue)])
                + wang.create("record_share", "rs-forged", ["subject_type": .text("lead"), "subject_id": .text("l1"),
                                                            "member_id": .text(DemoUsers.zhao.userID.rawValue), "access": .text("read_write")])
            let answer = try await wang.push(forged, [], to: store, at: now + 1000)
            #expect(Set(answer.results.map(\.code?.rawValue)) == ["permission.not_allowed"])
            for entity in ["notification", "suspected_duplicate", "ownership_event", "record_share"] {
                let rows = try await storeRows(store, entity: EntityName(entity))
                #expect(!rows.keys.contains { $0.rawValue.hasSuffix("-forged") }, "\(entity)")
            }
        }
    }

    /// A salesperson whose lead went to another branch is told it did, not who holds it there
    /// (scopes.md §7).
    @Test(arguments: StoreKind.allCases)
    func aLeadMovedToAnotherBranchIsNotSaidToBeWhoseThere(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + cyConsultant + [ChaoyangFixture.headOffice], serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), hq = Device("h1", UserID("u-hq"))
            _ = try await wang.push(newLead("l1", by: &wang), [], to: store, at: now)
            let moved = try await hq.push([], [hq.command(.transfer, "lead", "l1", ["to_user": .text("u-qian")])], to: store, at: now + 1000)
            #expect(moved.results.map(\.status) == [.applied])
            let answer = try await wang.push([wang.change("lead", "l1", "remark", .text("还在跟"))], [], to: store, at: now + 2000)
            #expect(answer.results.map(\.code?.rawValue) == ["permission.not_owner"])
            let message = answer.results.first?.message ?? ""
            #expect(message.contains("another branch") && !message.contains("钱多多") && !message.contains("u-qian"), "\(message)")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anotherBranchNeitherReceivesNorChangesALead(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + cyConsultant, serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(newLead("l1", by: &wang), [], to: store, at: now)
            let seen = try await pullAll(store, as: UserID("u-qian")).rows
            #expect(!seen.contains { $0.id == RowID("l1") }, "R-4.4: no leak to another branch")
            #expect(seen.contains { $0.entity == EntityName("org_unit") }, "the organisation is everyone's")

            var qian = Device("q1", UserID("u-qian"))
            let answer = try await qian.push([qian.change("lead", "l1", "remark", .text("mine now"))], [], to: store, at: now + 1000)
            #expect(answer.results.map(\.code?.rawValue) == ["permission.not_in_scope"])
            let commanded = try await qian.push([], [qian.command(.markInvalid, "lead", "l1", ["reason": .text("spam")]),
                                                     qian.command(.convert, "lead", "l1")], to: store, at: now + 2000)
            #expect(commanded.results.map(\.code?.rawValue) == ["permission.not_in_scope", "permission.not_in_scope"],
                    "commands about someone else's row are refused before they run")
            // A record hung under a row of the other branch is refused whole, and so is a forged author.
            let followUp = qian.create("follow_up", "f-q", ["subject_type": .text("lead"), "subject_id": .text("l1"), "method": .text("phone"),
                                                            "content": .text("pretending"), "occurred_at": .integer(now)])
            let hung = try await qian.push(followUp, [], to: store, at: now + 3000)
            #expect(Set(hung.results.map(\.code?.rawValue)) == ["permission.not_in_scope"])
            #expect(try await storeRows(store, entity: EntityName("follow_up"))[RowID("f-q")] == nil)
            let row = try #require(try await storeRows(store, entity: lead)[RowID("l1")])
            #expect(row.values[FieldName("remark")] == nil, "a refused write changes nothing")
            #expect(row.values[FieldName("status")] == StageValue(epoch: 0, stage: "new").fieldValue)
            let audit = try await storeRows(store, entity: EntityName("audit_log")).values
            #expect(audit.contains { $0.values[FieldName("action")] == .text("permission_denied")
                && $0.values[FieldName("actor_id")] == .text("u-qian") }, "R-10.4: denied pushes are audited")
        }
    }

    /// A convert of a lead the author cannot see is refused, and what they wrote about its
    /// provisional rows stays beneath their tombstones (commands.md §1): a refused convert
    /// carries nothing into a lead outside its author's scope.
    @Test(arguments: StoreKind.allCases)
    func aRefusedConvertOfAnotherBranchsLeadCarriesNothingIntoIt(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + cyConsultant, serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(newLead("l1", by: &wang), [], to: store, at: now)
            let wangBefore = try await pullAll(store, as: DemoUsers.wang.userID)

            var qian = Device("q1", UserID("u-qian"))
            let customer = qian.create("customer", "c-q", ["name": .text("冒充家"), "customer_type": .text("family"), "provisional": .bool(true)])
            let convert = qian.command(.convert, "lead", "l1", ["customer_id": .text("c-q")])
            let followUp = qian.create("follow_up", "f-q", ["subject_type": .text("customer"), "subject_id": .text("c-q"), "method": .text("phone"),
                                                            "content": .text("pretending"), "occurred_at": .integer(now)])
            let visit = qian.create("appointment", "a-q", [
                "kind": .text("visit_invitation"), "customer_id": .text("c-q"), "campus_id": .text("ou-hd-campus"), "status": .text("scheduled"),
                "invited_by_id": .text("u-qian"), "schedule": .object(["start": .integer(now + 86_400_000), "end": .integer(now + 90_000_000)]),
            ])
            let answer = try await qian.push(customer + followUp + visit, [convert], to: store, at: now + 1000)
            #expect(answer.results.first { $0.sequence == convert.sequence }?.code?.rawValue == "permission.not_in_scope")
            #expect(try await storeRows(store, entity: EntityName("customer"))[RowID("c-q")]?.isDeleted == true)
            let stored = try #require(try await storeRows(store, entity: EntityName("follow_up"))[RowID("f-q")])
            #expect(stored.values[FieldName("subject_id")] == .text("c-q"))
            #expect(try await storeRows(store, entity: EntityName("appointment"))[RowID("a-q")]?.values[FieldName("lead_id")] == nil)
            let wangAfter = try await pullAll(store, as: DemoUsers.wang.userID, after: wangBefore.cursor).rows
            #expect(!wangAfter.contains { [RowID("f-q"), RowID("a-q")].contains($0.id) }, "nothing of Qian's reaches Wang's lead")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aForgedAuthorIsRefusedAndTheServerStampsTheRealOne(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let created = newLead("l1", by: &wang)
            let forged = wang.change("lead", "l1", "created_by", .text("u-zhao"))
            let answer = try await wang.push(created + [forged], [], to: store, at: now)
            #expect(answer.results.last?.code?.rawValue == "change.server_owned_field")
            let row = try #require(try await storeRows(store, entity: lead)[RowID("l1")])
            #expect(row.values[FieldName("created_by")] == .text("u-wang"))
            #expect(row.values[FieldName("owner_id")] == .text("u-wang"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aColleaguesLeadIsNotYoursButYourTeamLeadsToo(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID), lily = Device("l1", DemoUsers.lily.userID)
            _ = try await wang.push(newLead("l1", by: &wang), [], to: store, at: now)
            #expect(!(try await pullAll(store, as: DemoUsers.zhao.userID).rows.contains { $0.id == RowID("l1") }))
            let byZhao = try await zhao.push([zhao.change("lead", "l1", "remark", .text("zhao was here"), at: now + 10_000)], [], to: store, at: now + 1)
            #expect(byZhao.results.first?.code?.rawValue == "permission.not_in_scope")
            let byLily = try await lily.push([lily.change("lead", "l1", "remark", .text("call after 6 pm"), at: now + 20_000)], [], to: store, at: now + 2)
            #expect(byLily.results.map(\.status) == [.applied])
            // Attribution is set when a lead is made; afterwards only a lead or a manager moves it (§2.9).
            let bySales = try await wang.push([wang.change("lead", "l1", "source_channel", .text("referral"), at: now + 30_000)], [], to: store, at: now + 3)
            // (It would also lack a referrer: permission is judged first.)
            #expect(bySales.results.first?.code?.rawValue == "permission.field_read_only")
            let byLead = try await lily.push([lily.change("lead", "l1", "source_channel", .text("event"), at: now + 40_000)], [], to: store, at: now + 4)
            #expect(byLead.results.map(\.status) == [.applied])
            let row = try #require(try await storeRows(store, entity: lead)[RowID("l1")])
            #expect(row.values[FieldName("remark")] == .text("call after 6 pm"))
            #expect(row.values[FieldName("source_channel")] == .text("event"))
        }
    }

    /// Sun moves to a team of the other branch (CY) while his `reports_to_id` still names Lily,
    /// his HD team lead: his CY leads never reach Lily, and she may not change them;
    /// his new branch's manager would (the branch key).
    @Test(arguments: StoreKind.allCases)
    func aConsultantMovedToAnotherBranchLeavesTheOldTeamLeadsReach(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [cyConsultant[0]], serverNow: now)
            try await store.seed([SeedRow(entity: EntityName("user"), id: RowID("u-sun"), values: ["org_unit_id": .text("ou-cy-t1")])],
                                 serverNow: now + 1)
            var sun = Device("s1", DemoUsers.sun.userID), lily = Device("l1", DemoUsers.lily.userID)
            _ = try await sun.push(newLead("l-cy", by: &sun), [], to: store, at: now + 2)
            #expect(try await storeRows(store, entity: lead)[RowID("l-cy")]?.values[FieldName("branch_id")] == .text("ou-cy"))
            #expect(!(try await pullAll(store, as: DemoUsers.lily.userID).rows.contains { $0.id == RowID("l-cy") }),
                    "another branch's lead does not reach HD's team lead")
            #expect(!(try await pullAll(store, as: DemoUsers.chen.userID).rows.contains { $0.id == RowID("l-cy") }))
            let byLily = try await lily.push([lily.change("lead", "l-cy", "remark", .text("still mine?"), at: now + 10_000)], [], to: store, at: now + 3)
            #expect(byLily.results.first?.code?.rawValue == "permission.not_in_scope")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aTransferEvictsTheRowFromTheOldOwnerAndDeliversItWholeToTheNew(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), chen = Device("c1", DemoUsers.chen.userID)
            let created = newLead("l1", by: &wang)
            let followUp = wang.create("follow_up", "f1", ["subject_type": .text("lead"), "subject_id": .text("l1"), "method": .text("phone"),
                                                           "content": .text("first call"), "occurred_at": .integer(now)])
            let visit = wang.create("appointment", "a1", [
                "kind": .text("visit_invitation"), "lead_id": .text("l1"), "campus_id": .text("ou-hd-campus"), "status": .text("scheduled"),
                "invited_by_id": .text("u-wang"), "schedule": .object(["start": .integer(now + 86_400_000), "end": .integer(now + 90_000_000)]),
            ])
            _ = try await wang.push(created + followUp + visit, [], to: store, at: now)
            let wangBefore = try await pullAll(store, as: DemoUsers.wang.userID)
            let zhaoBefore = try await pullAll(store, as: DemoUsers.zhao.userID)
            #expect(wangBefore.rows.contains { $0.id == RowID("l1") })
            #expect(!zhaoBefore.rows.contains { $0.id == RowID("l1") })

            let moved = try await chen.push([], [chen.command(.transfer, "lead", "l1", ["to_user": .text("u-zhao")])], to: store, at: now + 60_000)
            #expect(moved.results.map(\.status) == [.applied])

            let wangAfter = try await pullAll(store, as: DemoUsers.wang.userID, after: wangBefore.cursor).rows
            #expect(wangAfter.first { $0.id == RowID("l1") }?.isEviction == true)
            #expect(!wangAfter.contains { $0.id == RowID("f1") && $0.isEviction }, "R-8.1(e): Wang keeps his own follow-up")
            #expect(!wangAfter.contains { $0.id == RowID("a1") && $0.isEviction }, "R-8.1(e): and the visit he booked")
            let zhaoAfter = try await pullAll(store, as: DemoUsers.zhao.userID, after: zhaoBefore.cursor).rows
            let arrived = try #require(zhaoAfter.first { $0.id == RowID("l1") })
            #expect(arrived.fields["contact_name"] != nil && arrived.fields["mobile"] != nil, "a row entering a scope arrives whole")
            #expect(zhaoAfter.first { $0.id == RowID("f1") }?.fields["content"] != nil, "its children come with it (R-8.2)")
            #expect(zhaoAfter.first { $0.id == RowID("a1") }?.fields["kind"] != nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aChangedScopeRestartsThePull(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(newLead("l1", by: &wang), [], to: store, at: now)
            let lily = try await pullAll(store, as: DemoUsers.lily.userID)
            #expect(lily.rows.contains { $0.id == RowID("l1") }, "a team lead sees the team's leads")
            // Lily moves to the other branch as a consultant: her next pull starts again, without Wang's lead.
            try await store.seed([SeedRow(entity: EntityName("user"), id: RowID("u-lily"), values: [
                "org_unit_id": .text("ou-cy"), "position": .text("course_consultant")])], serverNow: now + 1000)
            let moved = try await pullAll(store, as: DemoUsers.lily.userID, after: lily.cursor)
            #expect(moved.restarted)
            #expect(!moved.rows.contains { $0.id == RowID("l1") })
            #expect(moved.rows.contains { $0.id == RowID("u-lily") })
        }
    }
}
