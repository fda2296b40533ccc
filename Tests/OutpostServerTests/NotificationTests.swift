import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Notifications on both stores: the reclaim job's warnings (R-6.5, HD-Pool warns 2 days ahead),
/// once per subject and day; only their recipient receives them, and only the recipient marks
/// them read; nobody writes what the server wrote.
@Suite struct NotificationTests {
    private let d1 = try! Scenario.instant("D1 10:00")
    private let d9Midnight = try! Scenario.instant("D9 00:00")
    private let notification = EntityName("notification")

    private func text(_ row: RowState?, _ field: String) -> String? { row?.values[FieldName(field)]?.textValue }

    @Test(arguments: StoreKind.allCases)
    func theJobWarnsTheOwnerOncePerDayWithinTheReminderWindow(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            // Last follow-ups on D2, D3 and D4: 7, 6 and 5 days before D9 (the rule takes after 7).
            let leads = [PoolFixture.ownedLead("l-one", lastFollowUp: try Scenario.instant("D2 10:00")),
                         PoolFixture.ownedLead("l-two", lastFollowUp: try Scenario.instant("D3 10:00")),
                         PoolFixture.ownedLead("l-five", lastFollowUp: try Scenario.instant("D4 10:00"))]
            try await store.seed(try DemoOrganisation.rows() + leads, serverNow: d1)
            let report = try await store.runReclaim(serverNow: d9Midnight)
            #expect(report.moves.isEmpty)
            #expect(report.warnings.map(\.id.rawValue) == ["l-one", "l-two"])
            #expect(report.warnings.map(\.daysLeft) == [1, 2])
            #expect(report.warnings.allSatisfy { $0.owner == DemoUsers.wang.userID })

            let forWang = try await storeRows(store, entity: notification, as: DemoUsers.wang.userID)
            #expect(Set(forWang.values.compactMap { text($0, "about_id") }) == ["l-one", "l-two"])
            let one = try #require(forWang.values.first { text($0, "about_id") == "l-one" })
            #expect(text(one, "kind") == "reclaim_warning")
            #expect(text(one, "about_name") == "王妈妈 l-one")
            #expect(one.values[FieldName("due_at")] == .integer(try Scenario.instant("D10 00:00")))
            #expect(text(one, "message")?.contains("2026-09-10 at 00:00 (in 1 day)") == true)
            // Zhao (a colleague in the same team) and Sun never receive Wang's notifications.
            #expect(try await storeRows(store, entity: notification, as: DemoUsers.zhao.userID).isEmpty)
            #expect(try await storeRows(store, entity: notification, as: DemoUsers.sun.userID).isEmpty)

            // The same day again: no second warning. The next day: l-two again (1 day left), l-one is taken.
            #expect(try await store.runReclaim(serverNow: d9Midnight + 3_600_000).warnings.isEmpty)
            let next = try await store.runReclaim(serverNow: try Scenario.instant("D10 00:00"))
            #expect(next.moves.map(\.id.rawValue) == ["l-one"])
            #expect(next.warnings.map(\.id.rawValue) == ["l-five", "l-two"])
            #expect(try await storeRows(store, entity: notification).count == 4)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func onlyTheRecipientMarksANotificationReadNotTheirTeamLeadAndNobodyRewritesIt(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [PoolFixture.ownedLead("l-one", lastFollowUp: try Scenario.instant("D2 10:00"))], serverNow: d1)
            _ = try await store.runReclaim(serverNow: d9Midnight)
            let id = try #require(try await storeRows(store, entity: notification).keys.first).rawValue
            let later = try Scenario.instant("D9 09:00")

            // Wang's team lead reads his notifications, but may not mark one read: it would hide
            // the warning from him.
            var lily = Device("l1", DemoUsers.lily.userID)
            #expect(try await storeRows(store, entity: notification, as: DemoUsers.lily.userID)[RowID(id)] != nil)
            let byLead = try await lily.push([lily.change("notification", id, "read_at", .integer(later), at: later)], [], to: store, at: later)
            #expect(byLead.results.map(\.status) == [.rejected])
            #expect(byLead.results.first?.code?.rawValue == "permission.not_owner")
            #expect((try await storeRows(store, entity: notification)[RowID(id)]?.values[FieldName("read_at")] ?? .null) == .null)

            var wang = Device("w1", DemoUsers.wang.userID)
            let read = try await wang.push([wang.change("notification", id, "read_at", .integer(later), at: later)], [], to: store, at: later)
            #expect(read.results.map(\.status) == [.applied])
            let forged = try await wang.push([wang.change("notification", id, "message", .text("nothing to see"), at: later)], [], to: store, at: later)
            #expect(forged.results.map(\.status) == [.rejected])
            #expect(forged.results.first?.code?.rawValue == "change.server_owned_field")

            var zhao = Device("z1", DemoUsers.zhao.userID)
            let other = try await zhao.push([zhao.change("notification", id, "read_at", .integer(later), at: later)], [], to: store, at: later)
            #expect(other.results.map(\.status) == [.rejected])
            #expect(other.results.first?.code?.rawValue == "permission.not_in_scope")

            let stored = try await storeRows(store, entity: notification)[RowID(id)]
            #expect(stored?.values[FieldName("read_at")] == .integer(later))
            #expect(text(stored, "message")?.hasPrefix("Follow up on this lead") == true)
        }
    }
}
