import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Team memberships (R-8.1 b, R-8.3) on both stores: the owner shares a lead read-only or
/// read-write, the member receives it and may or may not edit it, and the share ends by
/// `unshare` or when it expires at the nightly job, which evicts the lead from the member's
/// replica. Nobody else grants one, and bad arguments change nothing.
@Suite struct ShareTests {
    private let d1 = try! Scenario.instant("D1 10:00")
    private let lead = EntityName("lead")

    private var wangsLead: SeedRow {
        SeedRow(entity: lead, id: RowID("l-w"), values: [
            "contact_name": .text("王妈妈"), "wechat_id": .text("wang_lead_parent"), "source_channel": .text("ground_promotion"),
            "branch_id": .text("ou-hd"), "owner_id": .text("u-wang"), "pool_state": .text("private"), "received_at": .integer(d1),
        ])
    }

    private func statuses(_ response: PushResponse) -> [String] {
        response.results.map { $0.status == .applied ? "applied" : ($0.code?.rawValue ?? "rejected") }
    }

    @Test(arguments: StoreKind.allCases)
    func aShareLetsTheMemberSeeThenEditTheLeadUntilItExpires(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            let before = try await RoleFixture.pullAll(store, as: DemoUsers.zhao.userID)
            #expect(!before.rows.contains { $0.id == RowID("l-w") })

            let expiry = try Scenario.instant("D3 12:00")
            let shared = try await wang.push([], [wang.command(.share, "lead", "l-w", ["member": .text("u-zhao"), "expires_at": .integer(expiry)])],
                                             to: store, at: d1)
            #expect(statuses(shared) == ["applied"])
            let arrived = try await RoleFixture.pullAll(store, as: DemoUsers.zhao.userID, after: before.cursor)
            #expect(arrived.rows.contains { $0.id == RowID("l-w") && !$0.isEviction })
            #expect(arrived.rows.contains { $0.entity == EntityName("record_share") })

            // Read-only: Zhao's edit is refused; read-write: it applies.
            let later = d1 + 60_000
            let readOnly = try await zhao.push([zhao.change("lead", "l-w", "remark", .text("周六来"), at: later)], [], to: store, at: later)
            #expect(statuses(readOnly) == ["permission.not_owner"])
            #expect(readOnly.results.first?.message?.contains("shared with you read-only") == true, "the reason is the share's access")
            _ = try await wang.push([], [wang.command(.share, "lead", "l-w", ["member": .text("u-zhao"), "access": .text("read_write"),
                                                                              "expires_at": .integer(expiry)])], to: store, at: later)
            #expect(statuses(try await zhao.push([zhao.change("lead", "l-w", "remark", .text("周六来"), at: later + 1)], [], to: store, at: later + 1))
                    == ["applied"])
            let row = try await storeRows(store)[RowID("l-w")]
            #expect(row?.values[FieldName("rw_member_ids")] == .list([.text("u-zhao")]))
            #expect(row?.values[FieldName("ro_member_ids")] == .list([]))
            let shares = try await storeRows(store, entity: EntityName("record_share"))
            #expect(shares.count == 1, "sharing again changes the share in force")

            // D3 00:00: not yet expired. D4 00:00: expired, evicted from Zhao's replica, audited.
            #expect(try await store.runReclaim(serverNow: try Scenario.instant("D3 00:00")).expiredShares.isEmpty)
            let report = try await store.runReclaim(serverNow: try Scenario.instant("D4 00:00"))
            #expect(report.expiredShares == Array(shares.keys))
            let after = try await RoleFixture.pullAll(store, as: DemoUsers.zhao.userID, after: arrived.cursor)
            #expect(after.rows.contains { $0.id == RowID("l-w") && $0.isEviction })
            let share = try await storeRows(store, entity: EntityName("record_share")).values.first
            #expect(share?.values[FieldName("status")] == .text("expired"))
            let audit = try await storeRows(store, entity: EntityName("audit_log")).values.compactMap { $0.values[FieldName("action")]?.textValue }
            // Zhao's refused edit is audited too.
            #expect(audit.sorted() == ["permission_denied", "share", "share", "share_expired"])
            #expect(statuses(try await zhao.push([zhao.change("lead", "l-w", "remark", .text("again"), at: later + 2)], [], to: store, at: later + 2))
                    == ["permission.not_in_scope"])
        }
    }

    /// A lead released to the public pool keeps no team: the member no longer reads its hidden
    /// fields or edits it, and whoever claims it next does not inherit the team (R-8.1 b, d).
    @Test(arguments: StoreKind.allCases)
    func releasingTheLeadToThePoolEndsItsTeam(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID), sun = Device("s1", DemoUsers.sun.userID)
            _ = try await wang.push([], [wang.command(.share, "lead", "l-w", ["member": .text("u-sun"), "access": .text("read_write")])],
                                    to: store, at: d1)
            #expect(statuses(try await wang.push([], [wang.command(.release, "lead", "l-w")], to: store, at: d1 + 60_000)) == ["applied"])
            let row = try await storeRows(store)[RowID("l-w")]
            #expect(row?.values[FieldName("pool_state")] == .text("public"))
            #expect(row?.values[FieldName("rw_member_ids")] == .list([]))
            let share = try await storeRows(store, entity: EntityName("record_share")).values.first
            #expect(share?.values[FieldName("status")] == .text("revoked"))
            let later = d1 + 120_000
            #expect(statuses(try await sun.push([sun.change("lead", "l-w", "remark", .text("还想来"), at: later)], [], to: store, at: later))
                    != ["applied"], "the former member no longer edits it")
            let ownersEdit = try await wang.push([wang.change("lead", "l-w", "remark", .text("再联系"), at: later)], [], to: store, at: later)
            #expect(ownersEdit.results.map(\.code?.rawValue) == ["permission.not_owner"])
            #expect(ownersEdit.results.first?.message?.contains("public pool") == true,
                    "the former owner is told the lead went to the pool, not that it was reassigned")
        }
    }

    /// A member who becomes the owner, by a transfer or a leaver's handover, leaves the team:
    /// their share ends and they are in neither member list (the owner is no member of their
    /// own record's team, as `share` refuses to make them one).
    @Test(arguments: StoreKind.allCases)
    func aMemberWhoBecomesTheOwnerLeavesTheTeam(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID), chen = Device("c1", DemoUsers.chen.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            _ = try await wang.push([], [wang.command(.share, "lead", "l-w", ["member": .text("u-zhao"), "access": .text("read_write")])],
                                    to: store, at: d1)
            let transferred = try await chen.push([], [chen.command(.transfer, "lead", "l-w", ["to_user": .text("u-zhao")])], to: store, at: d1 + 60_000)
            #expect(statuses(transferred) == ["applied"])
            var row = try await storeRows(store)[RowID("l-w")]
            #expect(row?.values[FieldName("owner_id")] == .text("u-zhao"))
            #expect(row?.values[FieldName("rw_member_ids")] == .list([]), "the new owner left the team")
            var shares = try await storeRows(store, entity: EntityName("record_share")).values
            #expect(shares.map { $0.values[FieldName("status")] } == [.text("revoked")])

            // Zhao shares it with Wang, then leaves the company and hands it over to Wang.
            _ = try await zhao.push([], [zhao.command(.share, "lead", "l-w", ["member": .text("u-wang"), "access": .text("read")])],
                                    to: store, at: d1 + 120_000)
            let administration = UserAdministration(store: store, schema: OutpostSchema.current, now: { d1 + 180_000 })
            _ = try await administration.depart(DemoUsers.zhao.userID, ownedRecords: .handOver(to: DemoUsers.wang.userID))
            row = try await storeRows(store)[RowID("l-w")]
            #expect(row?.values[FieldName("owner_id")] == .text("u-wang"))
            #expect(row?.values[FieldName("ro_member_ids")] == .list([]), "the colleague who took it over left its team")
            shares = try await storeRows(store, entity: EntityName("record_share")).values
            #expect(shares.map { $0.values[FieldName("status")] } == [.text("revoked"), .text("revoked")])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func unshareEndsItAndOnlyTheOwnerOrAManagerShares(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID), sun = Device("s1", DemoUsers.sun.userID)
            var lily = Device("l1", DemoUsers.lily.userID)
            // Zhao cannot share a lead he does not see; as a read-write member he still may not share it.
            #expect(statuses(try await zhao.push([], [zhao.command(.share, "lead", "l-w", ["member": .text("u-sun")])], to: store, at: d1))
                    == ["permission.not_in_scope"])
            _ = try await wang.push([], [wang.command(.share, "lead", "l-w", ["member": .text("u-zhao"), "access": .text("read_write")])], to: store, at: d1)
            #expect(statuses(try await zhao.push([], [zhao.command(.share, "lead", "l-w", ["member": .text("u-sun")])], to: store, at: d1))
                    == ["permission.not_allowed"])
            // Lily, the team lead, may.
            #expect(statuses(try await lily.push([], [lily.command(.share, "lead", "l-w", ["member": .text("u-sun")])], to: store, at: d1))
                    == ["applied"])
            #expect(try await storeRows(store, entity: lead, as: DemoUsers.sun.userID)[RowID("l-w")] != nil)
            // Sun leaves it himself; Wang ends Zhao's.
            #expect(statuses(try await sun.push([], [sun.command(.unshare, "lead", "l-w", ["member": .text("u-sun")])], to: store, at: d1)) == ["applied"])
            #expect(statuses(try await wang.push([], [wang.command(.unshare, "lead", "l-w", ["member": .text("u-zhao")])], to: store, at: d1)) == ["applied"])
            #expect(try await storeRows(store, entity: lead, as: DemoUsers.sun.userID)[RowID("l-w")] == nil)
            #expect(try await storeRows(store, entity: lead, as: DemoUsers.zhao.userID)[RowID("l-w")] == nil)
            let statusesOfShares = try await storeRows(store, entity: EntityName("record_share")).values.compactMap { $0.values[FieldName("status")]?.textValue }
            #expect(statusesOfShares.sorted() == ["revoked", "revoked"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func badSharesAreRefusedWithTheirCodeAndChangeNothing(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let colleagueInCY = SeedRow(entity: EntityName("user"), id: RowID("u-cy"), values: [
                "name": .text("朝阳 CY"), "mobile": .text("13800000099"), "org_unit_id": .text("ou-cy"), "position": .text("course_consultant"),
                "status": .text("active"), "allocation_weight": .integer(100)])
            try await store.seed(try DemoOrganisation.rows() + [wangsLead, colleagueInCY], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID)
            let cases: [([String: FieldValue], String)] = [
                ([:], "command.missing_argument"),
                (["member": .text("u-nobody")], "user.not_found"),
                (["member": .text("u-wang")], "command.invalid_argument"),
                (["member": .text("u-zhao"), "access": .text("admin")], "command.invalid_argument"),
                (["member": .text("u-zhao"), "expires_at": .integer(d1 - 1)], "command.invalid_argument"),
                (["member": .text("u-zhao"), "expires_at": .integer(d1 + 400 * 86_400_000)], "command.invalid_argument"),
                (["member": .text("u-cy")], "permission.not_in_scope"),   // another branch
            ]
            for (arguments, code) in cases {
                #expect(statuses(try await wang.push([], [wang.command(.share, "lead", "l-w", arguments)], to: store, at: d1)) == [code], "\(arguments)")
            }
            #expect(try await storeRows(store, entity: EntityName("record_share")).isEmpty)
            #expect(try await storeRows(store)[RowID("l-w")]?.values[FieldName("ro_member_ids")] == nil)
            // Only the refused share to another branch is audited, as a denied permission.
            let audit = try await storeRows(store, entity: EntityName("audit_log")).values.compactMap { $0.values[FieldName("action")]?.textValue }
            #expect(audit == ["permission_denied"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aLostConflictNoLongerShowsTheWinningValueOnceTheRowLeftTheLosersScope(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [wangsLead], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID), zhao = Device("z1", DemoUsers.zhao.userID)
            _ = try await wang.push([], [wang.command(.share, "lead", "l-w", ["member": .text("u-zhao"), "access": .text("read_write")])],
                                    to: store, at: d1)
            // Zhao writes first (earlier clock), Wang later: Zhao's remark loses.
            let at = d1 + 60_000
            _ = try await zhao.push([zhao.change("lead", "l-w", "remark", .text("Zhao's note"), at: at)], [], to: store, at: at)
            _ = try await wang.push([wang.change("lead", "l-w", "remark", .text("Wang's note"), at: at + 1_000)], [], to: store, at: at + 1_000)
            let lost = try await store.conflicts(lostBy: DemoUsers.zhao.userID, after: 0, limit: 10).conflicts
            #expect(lost.map(\.winner.version.value) == [.text("Wang's note")])
            #expect(lost.first?.winnerHidden == nil)

            _ = try await wang.push([], [wang.command(.unshare, "lead", "l-w", ["member": .text("u-zhao")])], to: store, at: at + 2_000)
            let hidden = try await store.conflicts(lostBy: DemoUsers.zhao.userID, after: 0, limit: 10).conflicts
            #expect(hidden.map(\.winner.version.value) == [.null])
            #expect(hidden.first?.winnerHidden == true)
            #expect(hidden.map(\.loser.version.value) == [.text("Zhao's note")], "the loser's own value stays theirs")
            // Wang won: nothing lost on his side.
            #expect(try await store.conflicts(lostBy: DemoUsers.wang.userID, after: 0, limit: 10).conflicts.isEmpty)
        }
    }
}
