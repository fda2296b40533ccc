import OutpostCore
import OutpostProtocol
import OutpostReplica
@testable import OutpostServer
import OutpostTestSupport
import Testing

/// A manager's review of the quarantine (R-10.3, `QuarantineReview`): released entries are
/// applied as their author's, exactly once, and leave it; rejected ones stay until discarded;
/// discarded ones are dropped without changing anything.
@Suite struct QuarantineReviewTests {
    private let wang = UserID("u-wang")

    /// Wang's laptop, set up and synced once.
    private func wangsLaptop(_ server: RunningServer) async throws -> Laptop {
        try await Identity.prepare(server)
        let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
        try await w1.sync()
        return w1
    }

    /// Wang is disabled; his laptop's next sync hands over what it holds, which the server
    /// keeps in the quarantine.
    /// - Returns: the quarantine.
    private func disableWangAndSync(_ w1: Laptop, _ server: RunningServer) async throws -> [QuarantinedEntry] {
        try await Identity.administration(server).disable(wang)
        await #expect(throws: TransportError.self) { try await w1.sync() }
        return try await server.store.quarantinedEntries()
    }

    /// A claim released while its author is still disabled is refused: it would take a lead
    /// out of the public pool for someone who cannot work it (R-5.2, round 23).
    @Test(arguments: StoreKind.allCases)
    func aClaimReleasedWhileItsAuthorIsDisabledLeavesTheLeadInThePool(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.passwordHasher = Identity.hasher }) { server in
            let w1 = try await wangsLaptop(server)
            let lead = RowID("lead-pool-hd-2")
            #expect(try w1.lead(lead)?.values[FieldName("pool_state")] == .text("public"))
            _ = try w1.replica.enqueue(.claim, on: EntityName("lead"), id: lead, now: w1.clock.now)
            #expect(try await disableWangAndSync(w1, server).count == 1)

            let outcomes = try await QuarantineReview(store: server.store).release(.user(wang), serverNow: server.clock.now)
            #expect(outcomes.map { $0.result.code?.rawValue } == ["user.disabled"])
            let stored = try #require(try await serverState(server, lead))
            #expect(stored.values[FieldName("pool_state")] == .text("public"))
            #expect(stored.values[FieldName("owner_id")] ?? .null == .null)
        }
    }

    /// A leaver's offline lead, released after they were handed over, is theirs; handing
    /// over again gives it to the colleague and keeps the moment they left (round 31: the
    /// second handover moved their cut-off).
    @Test(arguments: StoreKind.allCases)
    func aLeaversReleasedLeadIsHandedOverAgainWithoutMovingTheirCutOff(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.passwordHasher = Identity.hasher }) { server in
            let w1 = try await wangsLaptop(server)
            let lead = try w1.addLead(["contact_name": "离职前新客", "mobile": "13812345671"])
            let administration = Identity.administration(server)
            try await administration.depart(wang, ownedRecords: .handOver(to: DemoUsers.zhao.userID))
            await #expect(throws: TransportError.self) { try await w1.sync() }
            let leftAt = try #require(try await server.store.storedRow(RowID(wang.rawValue), of: EntityName("user"))?.values[FieldName("disabled_at")])

            server.clock.advance(by: 60_000)
            _ = try await QuarantineReview(store: server.store).release(.user(wang), serverNow: server.clock.now)
            #expect(try await serverState(server, lead)?.values[FieldName("owner_id")] == .text(wang.rawValue), "the author's, as released")
            server.clock.advance(by: 60_000)
            let report = try await administration.depart(wang, ownedRecords: .handOver(to: DemoUsers.zhao.userID))
            #expect(report.handedOver.map(\.id) == [lead])
            #expect(try await serverState(server, lead)?.values[FieldName("owner_id")] == .text(DemoUsers.zhao.userID.rawValue))
            let user = try #require(try await server.store.storedRow(RowID(wang.rawValue), of: EntityName("user")))
            #expect(user.values[FieldName("disabled_at")] == leftAt && user.values[FieldName("status")] == .text(UserStatus.disabled))
        }
    }

    /// A leaver's offline edit of a lead they owned, written before they left, is applied when
    /// released, though the handover made the lead a colleague's (round 33: it was refused
    /// `permission.not_owner` and stayed in the quarantine); one written after they left is not.
    @Test(arguments: StoreKind.allCases)
    func aLeaversEditOfALeadTheyHeldThenIsAppliedWhenReleased(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.passwordHasher = Identity.hasher }) { server in
            let w1 = try await wangsLaptop(server)
            let lead = try w1.addLead(["contact_name": "离职前跟进", "mobile": "13812345672"])
            try await w1.sync()
            try w1.editLead(lead, ["remark": "家长周六有空"])   // offline, before he leaves

            server.clock.advance(by: 60_000)
            try await Identity.administration(server).depart(wang, ownedRecords: .handOver(to: DemoUsers.zhao.userID))
            w1.clock.advance(by: 120_000)
            try w1.editLead(lead, ["intent_level": "A"])        // after he left
            await #expect(throws: TransportError.self) { try await w1.sync() }

            let outcomes = try await QuarantineReview(store: server.store).release(.user(wang), serverNow: server.clock.now)
            let byField = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.entry.target, $0.result) })
            #expect(byField["remark"]?.status == .applied, "\(outcomes.map(\.result))")
            #expect(byField["intent_level"]?.code?.rawValue == "permission.not_owner", "written after his cut-off")
            let stored = try #require(try await serverState(server, lead))
            #expect(stored.values[FieldName("remark")] == .text("家长周六有空"))
            #expect(stored.values[FieldName("owner_id")] == .text(DemoUsers.zhao.userID.rawValue), "the lead stays Zhao's")
            #expect(stored.values[FieldName("intent_level")] != .text("A"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aReleasedOfflineLeadLandsAsItsAuthorsOnceAndLeavesTheQuarantine(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.passwordHasher = Identity.hasher }) { server in
            let w1 = try await wangsLaptop(server)
            let lead = try w1.addLead(["contact_name": "王妈妈", "mobile": "13812345670"])
            let kept = try await disableWangAndSync(w1, server)
            #expect(kept.count == 4)

            server.clock.advance(by: 60_000)
            let review = QuarantineReview(store: server.store)
            let outcomes = try await review.release(.user(wang), serverNow: server.clock.now)
            #expect(outcomes.map(\.entry) == kept)
            #expect(outcomes.allSatisfy { $0.result.status == .applied }, "\(outcomes.map(\.result))")
            #expect(try await server.store.quarantinedEntries().isEmpty)
            let released = try #require(try await serverState(server, lead))
            #expect(released.values[FieldName("contact_name")] == .text("王妈妈"))
            #expect(released.values[FieldName("owner_id")] == .text("u-wang"), "created by Wang, so first owned by him")
            #expect(released.stamps[FieldName("contact_name")]?.author == wang)
            #expect(released.stamps[FieldName("contact_name")]?.clock.wallMilliseconds
                    == HLCTimestamp(kept.first { $0.target == "contact_name" }!.clock)?.wallMilliseconds, "written when Wang wrote it")

            // A crash between the push and the removal: the entries come back and are released
            // again, answered as the first time, and nothing changes twice.
            let log = try await server.store.pull(after: nil, limit: 1000, as: nil).nextCursor
            try await server.store.quarantine(kept)
            #expect(try await review.release(.device(kept[0].device, sequences: []), serverNow: server.clock.now).map(\.result)
                    == outcomes.map(\.result))
            #expect(try await server.store.pull(after: nil, limit: 1000, as: nil).nextCursor == log, "no row written again")
            #expect(try await serverState(server, lead) == released)
            await #expect(throws: QuarantineReview.Refusal.nothingSelected("user u-wang")) {
                try await review.release(.user(wang), serverNow: server.clock.now)
            }

            // His manager's laptop receives the lead like any other.
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            try await c1.sync()
            #expect(try c1.lead(lead)?.values[FieldName("contact_name")] == .text("王妈妈"))

            // Enabled again, Wang's laptop recognises its released writes as it pulls them:
            // they are no longer listed as refused, so nobody types them in a second time.
            #expect(try w1.replica.journalEntries(in: .rejected).map(\.code) == Array(repeating: .userDisabled, count: kept.count))
            _ = try await Identity.administration(server).enable(wang)
            let report = try await w1.sync()
            #expect(report.released == kept.count)
            #expect(try w1.replica.journalEntries(in: .rejected).isEmpty)
            #expect(try w1.replica.journalEntries(in: .applied).count == kept.count)
            #expect(try w1.lead(lead)?.values[FieldName("contact_name")] == .text("王妈妈"))
            #expect(try await w1.sync().released == 0, "settled once")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aRejectedReleaseStaysUntilDiscardedAndADiscardChangesNothing(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.passwordHasher = Identity.hasher }) { server in
            let w1 = try await wangsLaptop(server)
            let lead = try w1.addLead(["contact_name": "黄妈妈", "mobile": "13812345671", "remark": "first"])
            try await w1.sync()
            w1.clock.advance(by: 60_000)
            // A salesperson sets the source when the lead is created, not after: the release is refused that one.
            try w1.editLead(lead, ["source_channel": "advertising", "remark": "来过两次"])
            let kept = try await disableWangAndSync(w1, server)
            let before = try await serverState(server, lead)
            let device = try #require(kept.first?.device)

            server.clock.advance(by: 60_000)
            let review = QuarantineReview(store: server.store)
            let outcomes = try await review.release(.device(device, sequences: []), serverNow: server.clock.now)
            #expect(outcomes.map(\.entry.target) == ["remark", "source_channel"])
            #expect(outcomes.map(\.result.status) == [.applied, .rejected])
            #expect(outcomes.last?.result.code?.rawValue == "permission.field_read_only")
            let left = try await server.store.quarantinedEntries()
            #expect(left.map(\.target) == ["source_channel"], "the rejected entry stays for the manager")
            let after = try #require(try await serverState(server, lead))
            #expect(after.values[FieldName("remark")] == .text("来过两次"))
            #expect(after.values[FieldName("source_channel")] == before?.values[FieldName("source_channel")])

            let discarded = try await review.discard(.device(device, sequences: left.map(\.sequence)))
            #expect(discarded == left)
            #expect(try await server.store.quarantinedEntries().isEmpty)
            #expect(try await serverState(server, lead) == after, "a discard applies nothing")
        }
    }

    /// Entries released in any order are each applied: a later sequence released first does
    /// not make the earlier ones look answered.
    @Test(arguments: StoreKind.allCases)
    func entriesReleasedOutOfOrderAreAllApplied(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.passwordHasher = Identity.hasher }) { server in
            let w1 = try await wangsLaptop(server)
            let first = try w1.addLead(["contact_name": "第一", "mobile": "13866661001"])
            let second = try w1.addLead(["contact_name": "第二", "mobile": "13866661002"])
            let kept = try await disableWangAndSync(w1, server)
            let device = try #require(kept.first?.device)
            let review = QuarantineReview(store: server.store)
            for lead in [second, first] {
                let sequences = kept.filter { $0.rowID == lead }.map(\.sequence)
                let outcomes = try await review.release(.device(device, sequences: sequences), serverNow: server.clock.now)
                #expect(outcomes.map(\.entry.sequence) == sequences)
                #expect(outcomes.allSatisfy { $0.result.status == .applied }, "\(outcomes.map(\.result))")
            }
            #expect(try await serverState(server, first)?.values[FieldName("contact_name")] == .text("第一"))
            #expect(try await serverState(server, second)?.values[FieldName("contact_name")] == .text("第二"))
            #expect(try await server.store.quarantinedEntries().isEmpty)
        }
    }
}
