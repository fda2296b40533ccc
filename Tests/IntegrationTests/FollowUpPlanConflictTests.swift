import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica
import OutpostTestSupport
import Testing

/// A follow-up's `intent_level_after` moves its lead's `intent_level` (DOMAIN §3.2 rule 4).
/// The laptop sends the lead's intent as it showed it as the plan field's `base` (spec §9.2),
/// so the server logs a conflict only when someone changed the intent after the salesperson
/// last saw it: a manager's grade that Wang had in front of him when he called is a value he
/// replaced knowingly, not one he overwrote blind.
@Suite struct FollowUpPlanConflictTests {
    private let intentLevel = FieldName("intent_level")

    /// Wang's laptop and his branch manager Chen's, both holding Wang's lead, which Chen
    /// graded `B`; Wang's laptop has pulled the grade.
    private func leadGradedByTheManager(_ server: RunningServer) async throws -> (w1: Laptop, c1: Laptop, id: RowID) {
        try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
        let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
        let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
        let id = try w1.addLead(["contact_name": "王妈妈", "mobile": "13812345678"])
        try await w1.sync()
        try await c1.sync()
        c1.clock.advance(by: 60_000)
        try c1.editLead(id, ["intent_level": "B"])
        server.clock.advance(by: 120_000)
        try await c1.sync()
        try await w1.sync()
        #expect(try w1.lead(id)?.values[intentLevel] == .text("B"))
        return (w1, c1, id)
    }

    /// Wang, offline, logs a call that raises the intent to `A`; then both laptops sync, show
    /// `A` and agree with the server.
    private func logCallRaisingTheIntentAndSync(on id: RowID, by w1: Laptop, then c1: Laptop, server: RunningServer) async throws {
        try logCallRaisingTheIntent(on: id, by: w1)
        // Offline, his lead already shows the intent his call set, as the server will store it.
        let lead = OutpostSchema.lead.name
        let stored = try #require(try w1.lead(id))
        #expect(stored.values[intentLevel] != .text("A"))
        let shown = try w1.replica.showingUnsentFollowUpPlans([(id, stored)], of: lead)[0].state
        #expect(shown.values[intentLevel] == .text("A"))
        server.clock.advance(by: 900_000)
        try await w1.sync()
        try await c1.sync()
        for laptop in [w1, c1] {
            #expect(try laptop.lead(id)?.values[intentLevel] == .text("A"))
        }
        let synced = try #require(try w1.lead(id))
        #expect(synced.version(of: intentLevel) == shown.version(of: intentLevel), "shown offline as the server stored it")
        #expect(try w1.replica.showingUnsentFollowUpPlans([(id, synced)], of: lead)[0].state == synced, "once synced, shown as stored")
        try await expectConvergedInScope([w1, c1], server: server)
    }

    /// Wang, offline, logs a call that raises the intent to `A`.
    private func logCallRaisingTheIntent(on id: RowID, by w1: Laptop) throws {
        w1.clock.advance(by: 600_000)
        try w1.replica.create(OutpostSchema.followUp.name, values: [
            FieldName("subject_type"): .text("lead"), FieldName("subject_id"): .text(id.rawValue),
            FieldName("method"): .text("phone"), FieldName("content"): .text("想报周末班，下周来试听"),
            FieldName("occurred_at"): .integer(w1.clock.now), FieldName("intent_level_after"): .text("A"),
        ], now: w1.clock.now)
    }

    @Test(arguments: StoreKind.allCases)
    func raisingTheIntentTheSalespersonSawLogsNoConflict(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, c1, id) = try await leadGradedByTheManager(server)
            try await logCallRaisingTheIntentAndSync(on: id, by: w1, then: c1, server: server)
            #expect(try await server.store.conflicts(lostBy: DemoUsers.chen.userID, after: 0, limit: 10).conflicts.isEmpty,
                    "Wang replaced the grade he saw: no conflict")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func raisingTheIntentOverAGradeTheSalespersonNeverSawLogsTheConflict(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, c1, id) = try await leadGradedByTheManager(server)
            // Chen lowers the grade while Wang is offline; Wang's call comes later and wins.
            c1.clock.advance(by: 60_000)
            try c1.editLead(id, ["intent_level": "C"])
            server.clock.advance(by: 120_000)
            try await c1.sync()
            try await logCallRaisingTheIntentAndSync(on: id, by: w1, then: c1, server: server)
            let lost = try await server.store.conflicts(lostBy: DemoUsers.chen.userID, after: 0, limit: 10).conflicts
            #expect(lost.map(\.field) == [intentLevel])
            #expect(lost.first?.loser.version.value == .text("C"))
        }
    }
}
