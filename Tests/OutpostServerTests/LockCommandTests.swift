import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// `lock` and `unlock` (DOMAIN R-7.8, R-6.3, §2.9 "lock own (capped)"): a locked customer is
/// kept from reclaim for its owner; the owner locks their own, a team lead those of their team,
/// within the owner's lock cap; a pool customer cannot be locked; a release ends the lock; every
/// lock and unlock is audited.
@Suite struct LockCommandTests {
    private let now: Int64 = 1_788_300_000_000
    private let customer = EntityName("customer")

    private func customers(_ store: any ChangeStore) async throws -> [RowID: RowState] {
        try await storeRows(store, entity: customer)
    }

    private func audits(_ store: any ChangeStore, action: String) async throws -> [RowState] {
        try await storeRows(store, entity: EntityName("audit_log")).values.filter { $0.values[FieldName("action")] == .text(action) }
    }

    @Test(arguments: StoreKind.allCases)
    func theOwnerLocksAndUnlocksTheirCustomerAndEachIsAudited(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(wang.create("customer", "k1", ["name": .text("赵家"), "customer_type": .text("family")]), [], to: store, at: now)
            #expect(try await customers(store)[RowID("k1")]?.values[FieldName("locked")] == .bool(false))

            let locked = try await wang.push([], [wang.command(.lock, "customer", "k1", ["reason": .text("enrolling after the summer")])], to: store, at: now)
            #expect(locked.results.map(\.status) == [.applied])
            #expect(try await customers(store)[RowID("k1")]?.values[FieldName("locked")] == .bool(true))
            let lockAudit = try #require(try await audits(store, action: "lock").first)
            #expect(lockAudit.values[FieldName("actor_id")] == .text("u-wang"))
            #expect(lockAudit.values[FieldName("after")] == .text(#"{"locked":true}"#))
            #expect(lockAudit.values[FieldName("reason")] == .text("enrolling after the summer"))

            // Locking a locked customer changes nothing and says so.
            let again = try await wang.push([], [wang.command(.lock, "customer", "k1")], to: store, at: now)
            #expect(again.results.first?.status == .applied)
            #expect(again.results.first?.message?.contains("already locked") == true)
            #expect(try await audits(store, action: "lock").count == 1)

            let unlocked = try await wang.push([], [wang.command(.unlock, "customer", "k1")], to: store, at: now)
            #expect(unlocked.results.map(\.status) == [.applied])
            #expect(try await customers(store)[RowID("k1")]?.values[FieldName("locked")] == .bool(false))
            #expect(try await audits(store, action: "unlock").count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theLockCapCountsTheOwnersLockedCustomersWhoeverLocks(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [SeedRow(entity: EntityName("user"), id: RowID("u-wang"),
                                                                        values: ["max_locked_override": .integer(1)])], serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(wang.create("customer", "k1", ["name": .text("赵家"), "customer_type": .text("family")])
                                        + wang.create("customer", "k2", ["name": .text("钱家"), "customer_type": .text("family")]), [], to: store, at: now)
            _ = try await wang.push([], [wang.command(.lock, "customer", "k1")], to: store, at: now)

            let second = try await wang.push([], [wang.command(.lock, "customer", "k2")], to: store, at: now)
            #expect(second.results.first?.code?.rawValue == "ownership.lock_limit_reached")
            #expect(second.results.first?.message?.contains("1") == true)
            // A team lead locking for Wang is held to Wang's cap too.
            var lily = Device("l1", DemoUsers.lily.userID)
            let byLead = try await lily.push([], [lily.command(.lock, "customer", "k2")], to: store, at: now)
            #expect(byLead.results.first?.code?.rawValue == "ownership.lock_limit_reached")
            #expect(try await customers(store)[RowID("k2")]?.values[FieldName("locked")] == .bool(false))

            // Once k1 is unlocked, the team lead locks k2 for Wang.
            _ = try await wang.push([], [wang.command(.unlock, "customer", "k1")], to: store, at: now)
            let retried = try await lily.push([], [lily.command(.lock, "customer", "k2")], to: store, at: now)
            #expect(retried.results.map(\.status) == [.applied])
            #expect(try await customers(store)[RowID("k2")]?.values[FieldName("locked")] == .bool(true))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aColleagueCannotLockAPoolCustomerCannotBeLockedAndAReleaseEndsTheLock(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(wang.create("customer", "k1", ["name": .text("赵家"), "customer_type": .text("family")]), [], to: store, at: now)

            var zhao = Device("z1", DemoUsers.zhao.userID)
            let byColleague = try await zhao.push([], [zhao.command(.lock, "customer", "k1")], to: store, at: now)
            #expect(byColleague.results.first?.status == .rejected)
            #expect(byColleague.results.first?.code?.rawValue.hasPrefix("permission.") == true)

            _ = try await wang.push([], [wang.command(.lock, "customer", "k1")], to: store, at: now)
            let released = try await wang.push([], [wang.command(.release, "customer", "k1", ["reason": .text("moved away")])], to: store, at: now)
            #expect(released.results.map(\.status) == [.applied])
            let stored = try #require(try await customers(store)[RowID("k1")])
            #expect(stored.values[FieldName("pool_state")] == .text("public"))
            #expect(stored.values[FieldName("locked")] == .bool(false))

            // Its former owner is told to claim it first; the branch manager, who may act on the
            // branch's pool rows, that a pool customer has no owner to keep it for.
            let byFormerOwner = try await wang.push([], [wang.command(.lock, "customer", "k1")], to: store, at: now)
            #expect(byFormerOwner.results.first?.code?.rawValue == "permission.not_owner")
            #expect(byFormerOwner.results.first?.message?.contains("public pool") == true)
            var chen = Device("c1", DemoUsers.chen.userID)
            let inPool = try await chen.push([], [chen.command(.lock, "customer", "k1")], to: store, at: now)
            #expect(inPool.results.first?.code?.rawValue == "lock.in_pool", "\(inPool.results)")
            #expect(try await customers(store)[RowID("k1")]?.values[FieldName("locked")] == .bool(false))
        }
    }

    @Test func lockTakesOnlyAReasonAndAppliesOnlyToCustomers() async throws {
        try await withChangeStore(.sqlite) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(wang.create("lead", "l1", ["contact_name": .text("王妈妈"), "mobile": .text("13900001234"),
                                                               "source_channel": .text("walk_in")]), [], to: store, at: now)
            let onLead = try await wang.push([], [wang.command(.lock, "lead", "l1")], to: store, at: now)
            #expect(onLead.results.first?.code?.rawValue == "command.wrong_subject")
            let badArgument = try await wang.push([], [wang.command(.lock, "customer", "k9", ["until": .integer(1)])], to: store, at: now)
            #expect(badArgument.results.first?.code?.rawValue == "command.invalid_argument")
        }
    }
}
