import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica
import OutpostServer
import OutpostTestSupport
import Testing

/// Many users across two branches, random creations, edits, follow-ups, transfers, claims,
/// releases, team moves and syncs (DOMAIN R-8.x, issue 5): after every sync, the user's
/// replica holds exactly what the server shows that user, and nothing an independent model of
/// the scope rules says they may not see (no row of another scope, no hidden pool field);
/// at the end, nothing anyone wrote has vanished without a trace.
@Suite struct RandomizedScopeTests {
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func noReplicaEverHoldsARowOutsideItsScope(seed: UInt64) async throws {
        try await withChangeStore(.sqlite) { store in
            var world = ScopeWorld(seed: seed)
            let clock = ManualClock(1_788_300_000_000)
            try await store.seed(world.organisation(), serverNow: clock.now)
            var replicas: [String: Replica] = [:]
            for user in world.users.keys.sorted() {
                let replica = try Replica(writer: DatabaseQueue())
                _ = try replica.configure(serverURL: URL(string: "direct://store/")!, userID: UserID(user), token: "t", deviceID: DeviceID("dev-" + user))
                replicas[user] = replica
            }
            func sync(_ user: String) async throws {
                let engine = SyncEngine(replica: replicas[user]!, transport: StoreTransport(store: store, user: UserID(user), clock: clock),
                                        pushBatchSize: 50, pageSize: 7, now: { clock.now })
                _ = try await engine.sync()
            }
            for user in world.users.keys.sorted() { try await sync(user) }

            var random = SeededGenerator(seed: seed)
            for step in 0..<150 {
                clock.advance(by: Int64.random(in: 1_000...600_000, using: &random))
                let now = clock.now
                let user = world.users.keys.sorted().randomElement(using: &random)!
                let replica = replicas[user]!
                let leads = try replica.rows(EntityName("lead")).filter { !$0.state.isDeleted }
                switch Int.random(in: 0..<100, using: &random) {
                case 0..<18 where world.isSales(user):
                    _ = try replica.create(EntityName("lead"), values: [
                        FieldName("contact_name"): .text("家长 \(step)"), FieldName("mobile"): .text(String(13_900_000_000 + seed * 1000 + UInt64(step))),
                        FieldName("source_channel"): .text("walk_in")], now: now)
                case 18..<38 where !leads.isEmpty:
                    let lead = leads.randomElement(using: &random)!
                    try replica.update(EntityName("lead"), id: lead.id, values: [FieldName("remark"): .text("\(user) at \(step)")], now: now)
                case 38..<48 where !leads.isEmpty && world.isSales(user):
                    let lead = leads.randomElement(using: &random)!
                    _ = try replica.create(EntityName("follow_up"), values: [
                        FieldName("subject_type"): .text("lead"), FieldName("subject_id"): .text(lead.id.rawValue), FieldName("method"): .text("phone"),
                        FieldName("content"): .text("call \(step)"), FieldName("occurred_at"): .integer(now)], now: now)
                case 48..<58 where !leads.isEmpty && world.isManager(user):
                    let lead = leads.randomElement(using: &random)!
                    let target = world.consultants(in: world.users[user]!.branch).randomElement(using: &random)!
                    try replica.enqueue(.transfer, on: EntityName("lead"), id: lead.id, arguments: ["to_user": .text(target)], now: now)
                case 58..<68 where world.isSales(user):
                    if let pooled = leads.filter({ $0.state.values[FieldName("pool_state")] == .text("public") }).randomElement(using: &random) {
                        try replica.enqueue(.claim, on: EntityName("lead"), id: pooled.id, now: now)
                    }
                case 68..<73 where world.isSales(user):
                    if let own = leads.filter({ $0.state.values[FieldName("owner_id")] == .text(user) }).randomElement(using: &random) {
                        try replica.enqueue(.release, on: EntityName("lead"), id: own.id, now: now)
                    }
                case 73..<78 where world.isSales(user):
                    // A team move: the consultant now answers to another team's lead (DOMAIN §6 decision 5: their leads stay theirs).
                    try await store.seed([world.move(user, using: &random)], serverNow: now)
                case 78..<90 where world.isSales(user):
                    // A team membership of one's own lead, read-only or read-write, often with an end (R-8.1 b).
                    if let own = leads.filter({ $0.state.values[FieldName("owner_id")] == .text(user) }).randomElement(using: &random) {
                        // Mostly a colleague of the same branch; sometimes one of the other branch, which the server refuses (R-4.4).
                        let branch = world.users[user]!.branch
                        let others = world.users.keys.sorted().filter { $0 != user }
                        let sameBranch = others.filter { world.users[$0]!.branch == branch }
                        let member = (Int.random(in: 0..<5, using: &random) == 0 ? others : sameBranch).randomElement(using: &random)!
                        var arguments: [String: FieldValue] = ["member": .text(member), "access": .text(Bool.random(using: &random) ? "read" : "read_write")]
                        if Bool.random(using: &random) { arguments["expires_at"] = .integer(now + Int64.random(in: 600_000...21_600_000, using: &random)) }
                        try replica.enqueue(.share, on: EntityName("lead"), id: own.id, arguments: arguments, now: now)
                    }
                case 90..<94:
                    // The nightly job, here only ending the memberships that ran out (the pools do not reclaim).
                    let report = try await store.runReclaim(serverNow: now)
                    #expect(report.moves.isEmpty)
                default:
                    try await sync(user)
                    try await expectInScope(replicas[user]!, of: user, world: world, store: store, step: step)
                }
            }
            for _ in 0..<2 {
                for user in world.users.keys.sorted() { try await sync(user) }
            }
            for user in world.users.keys.sorted() {
                try await expectInScope(replicas[user]!, of: user, world: world, store: store, step: 999)
                try await expectNothingVanished(replicas[user]!, of: user, store: store)
            }
            // After a last nightly run no share that ran out is still active, and every active one is on its lead's lists.
            _ = try await store.runReclaim(serverNow: clock.now)
            let leads = try await storeRows(store)
            for share in try await storeRows(store, entity: EntityName("record_share")).values
            where share.values[FieldName("status")] == .text("active") {
                #expect((share.values[FieldName("expires_at")]?.integerValue ?? .max) > clock.now, "an expired share is still active")
                let lead = try #require(share.values[FieldName("subject_id")]?.textValue.flatMap { leads[RowID($0)] })
                #expect(world.isMember(share.values[FieldName("member_id")]?.textValue ?? "", of: lead))
            }
        }
    }

    /// The replica holds exactly the user's scoped view, and the model agrees every row of it
    /// is the user's to see.
    private func expectInScope(_ replica: Replica, of user: String, world: ScopeWorld, store: any ChangeStore, step: Int) async throws {
        let view = try await scopedView(store, as: UserID(user))
        let everything = try await scopedView(store, as: nil)
        for entity in [EntityName("lead"), EntityName("follow_up"), EntityName("ownership_event")] {
            let local = Dictionary(uniqueKeysWithValues: try replica.rows(entity, includingDeleted: true).map { ($0.id, $0.state) })
            let expected = view[entity] ?? [:]
            #expect(Set(local.keys) == Set(expected.keys), "step \(step): \(user)'s \(entity) rows match the server's view of them")
            for (id, state) in local where entity == EntityName("lead") {
                let truth = everything[entity]?[id] ?? state
                #expect(world.mayRead(user, lead: truth), "step \(step): \(user) holds lead \(id) outside their scope")
                if world.seesOnlyThroughPool(user, lead: truth) {
                    #expect(state.values[FieldName("mobile")] == nil, "step \(step): \(user) received a hidden pool field")
                }
            }
            for (id, state) in local where entity == EntityName("follow_up") {
                let subject = state.values[FieldName("subject_id")]?.textValue.flatMap { everything[EntityName("lead")]?[RowID($0)] }
                let mine = state.values[FieldName("author_id")]?.textValue.map { world.answersFor(user, author: $0) } ?? false
                #expect(mine || subject.map { world.mayRead(user, lead: $0) } == true, "step \(step): \(user) holds follow-up \(id) outside their scope")
            }
        }
    }

    /// Every edit the user made is on the server, in the conflict log as a loser, or refused
    /// with a code still visible on the device; nothing is left unanswered.
    private func expectNothingVanished(_ replica: Replica, of user: String, store: any ChangeStore) async throws {
        #expect(try replica.journalEntries(in: .pending).isEmpty, "\(user): everything was answered")
        for entry in try replica.journalEntries(in: .rejected, limit: 10_000) {
            #expect(entry.code != nil, "\(user): a refusal carries its code")
        }
        let everything = try await scopedView(store, as: nil)
        let lost = Set(try await store.conflicts(lostBy: UserID(user), after: 0, limit: 10_000).conflicts.map { conflict in
            "\(conflict.rowID.rawValue) \(conflict.field.rawValue) \(conflict.loser.version.clock)"
        })
        for entry in try replica.journalEntries(in: .applied, .superseded, limit: 10_000) where entry.command == nil {
            let clock = entry.storedClock ?? entry.change.clock
            let loggedAsLost = lost.contains("\(entry.change.rowID.rawValue) \(entry.change.field.rawValue) \(clock)")
            if entry.state == .superseded {
                #expect(loggedAsLost, "\(user): a superseded write is in the conflict log")
                continue
            }
            let stamp = everything[entry.change.entity]?[entry.change.rowID]?.stamps[entry.change.field]
            let onServer = stamp.map { $0.clock >= clock } ?? false
            #expect(onServer || loggedAsLost, "\(user): an applied write is on the server or logged as lost")
        }
    }
}

/// The organisation of the randomized scope test, and a model of who may see what, written
/// independently of the server's scope keys.
struct ScopeWorld {
    struct Person {
        var unit: String
        var branch: String
        var position: String
        var reportsTo: String?
    }

    private(set) var users: [String: Person] = [:]
    let teams = ["b1-t1", "b1-t2", "b2-t1", "b2-t2"]

    init(seed: UInt64) {
        users["hq"] = Person(unit: "qh", branch: "", position: "hq_admin")
        for branch in ["b1", "b2"] {
            users["m-\(branch)"] = Person(unit: branch, branch: branch, position: "branch_manager")
            for team in teams where team.hasPrefix(branch) {
                users["l-\(team)"] = Person(unit: team, branch: branch, position: "team_lead", reportsTo: "m-\(branch)")
                for index in 1...2 {
                    users["c-\(team)-\(index)"] = Person(unit: team, branch: branch, position: "course_consultant", reportsTo: "l-\(team)")
                }
            }
        }
    }

    func isSales(_ user: String) -> Bool { users[user]?.position == "course_consultant" }
    func isManager(_ user: String) -> Bool { ["team_lead", "branch_manager"].contains(users[user]?.position ?? "") }
    func consultants(in branch: String) -> [String] { users.filter { $0.value.branch == branch && $0.value.position == "course_consultant" }.map(\.key).sorted() }

    /// Moves a consultant to another team (possibly in the other branch).
    mutating func move(_ user: String, using random: inout SeededGenerator) -> SeedRow {
        let team = teams.filter { $0 != users[user]!.unit }.randomElement(using: &random)!
        let branch = String(team.prefix(2))
        users[user] = Person(unit: team, branch: branch, position: "course_consultant", reportsTo: "l-\(team)")
        return SeedRow(entity: EntityName("user"), id: RowID(user), values: [
            "org_unit_id": .text(team), "reports_to_id": .text("l-\(team)")])
    }

    /// R-8.1 for a lead, from the model.
    func mayRead(_ user: String, lead: RowState) -> Bool {
        guard let me = users[user] else { return false }
        func text(_ field: String) -> String? { lead.values[FieldName(field)]?.textValue }
        if me.position == "hq_admin" || isMember(user, of: lead) { return true }
        if me.position == "branch_manager", text("branch_id") == me.branch { return true }
        if text("pool_state") == "public" { return text("branch_id") == me.branch }
        guard let owner = text("owner_id") else { return false }
        if owner == user { return true }
        if me.position == "team_lead", let person = users[owner], person.reportsTo == user || person.unit == me.unit { return true }
        return false
    }

    /// Whether a follow-up by `author` is the user's own record or one of their team's (a team
    /// lead holds what the people who report to them wrote, R-8.1 c and e).
    func answersFor(_ user: String, author: String) -> Bool {
        if author == user { return true }
        guard let me = users[user], me.position == "team_lead", let person = users[author] else { return false }
        return person.reportsTo == user || person.unit == me.unit
    }

    /// Whether the user sees the lead only as a pool row (so its hidden fields are left out).
    func seesOnlyThroughPool(_ user: String, lead: RowState) -> Bool {
        guard let me = users[user] else { return false }
        return lead.values[FieldName("pool_state")]?.textValue == "public" && !["hq_admin", "branch_manager"].contains(me.position)
            && !isMember(user, of: lead)
    }

    /// R-8.1 b: the user is a team member of the lead (read-only or read-write, not expired:
    /// the server takes an expired member off the lists).
    func isMember(_ user: String, of lead: RowState) -> Bool {
        ["rw_member_ids", "ro_member_ids"].contains { field in
            (lead.values[FieldName(field)]?.listValue ?? []).contains { $0.textValue == user }
        }
    }

    /// The rows of the organisation, two pools (hiding mobiles) and a few pool leads per branch.
    func organisation() -> [SeedRow] {
        var rows: [SeedRow] = []
        func unit(_ id: String, parent: String?, kind: String) {
            var values: [String: FieldValue] = ["kind": .text(kind), "name": .text(id), "timezone": .text("Asia/Shanghai"), "status": .text("active")]
            if let parent { values["parent_id"] = .text(parent) }
            rows.append(SeedRow(entity: EntityName("org_unit"), id: RowID(id), values: values))
        }
        unit("qh", parent: nil, kind: "company")
        for branch in ["b1", "b2"] { unit(branch, parent: "qh", kind: "branch") }
        for team in teams { unit(team, parent: String(team.prefix(2)), kind: "team") }
        for (index, (id, person)) in users.sorted(by: { $0.key < $1.key }).enumerated() {
            var values: [String: FieldValue] = ["name": .text(id), "mobile": .text(String(13_800_000_100 + index)), "org_unit_id": .text(person.unit),
                                                "position": .text(person.position), "status": .text("active"), "allocation_weight": .integer(100)]
            if let boss = person.reportsTo { values["reports_to_id"] = .text(boss) }
            rows.append(SeedRow(entity: EntityName("user"), id: RowID(id), values: values))
        }
        for branch in ["b1", "b2"] {
            rows.append(SeedRow(entity: EntityName("pool"), id: RowID("pool-\(branch)"), values: [
                "name": .text("pool \(branch)"), "branch_id": .text(branch), "status": .text("active"), "admin_user_ids": .list([.text("m-\(branch)")]),
                "daily_claim_limit": .integer(100), "auto_reclaim": .bool(false), "hidden_fields": .list([.text("mobile")])]))
            for index in 1...4 {
                rows.append(SeedRow(entity: EntityName("lead"), id: RowID("pool-\(branch)-\(index)"), values: [
                    "contact_name": .text("公海 \(branch) \(index)"), "mobile": .text("1370000\(branch == "b1" ? 1 : 2)00\(index)"),
                    "source_channel": .text("purchased_list"), "branch_id": .text(branch), "pool_state": .text("public"), "pool_id": .text("pool-\(branch)"),
                    "status": StageValue(epoch: 0, stage: "new").fieldValue, "score": .integer(10), "grade": .text("C")]))
            }
        }
        return rows
    }
}
