import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica
import OutpostServer

/// One seeded schedule: a few laptops do random offline work (creates, edits, deletes,
/// undeletes, follow-ups, writes of a field only a newer app knows), with random clock skews
/// and partitions, and sync through a faulty network into the real SQLite store with the real
/// merge code. At quiescence it checks the invariants and returns every violation found.
public struct SyncSimulation {
    /// The seed; the same seed replays the same schedule.
    public let seed: UInt64
    /// Laptops in the schedule.
    public let laptopCount: Int
    /// Random steps before quiescence.
    public let steps: Int

    /// Describes a schedule.
    public init(seed: UInt64, laptops: Int = 3, steps: Int = 40) {
        self.seed = seed
        laptopCount = laptops
        self.steps = steps
    }

    /// The outcome: violations (empty when every invariant held) and the history that led there.
    public struct Outcome: Sendable {
        public var violations: [String]
        public var history: [String]
    }

    /// A field only a newer build of the app knows: the server refuses it with a reason.
    static let newerClientSchema = Schema(version: OutpostSchema.current.version + 1, entities: OutpostSchema.current.entities.map { entity in
        guard entity.name == OutpostSchema.lead.name else { return entity }
        return EntitySchema("lead", fields: OutpostSchema.lead.dataFields + [FieldSchema("nickname", .text(maximumLength: 32))],
                            rowRules: OutpostSchema.lead.rowRules)
    })

    private struct SimLaptop {
        var replica: Replica
        var clock: ManualClock
        var user: UserID
        var transport: any SyncTransport
    }

    /// Runs the schedule.
    public func run() async throws -> Outcome {
        var random = SeededGenerator(seed: seed)
        let directory = try makeTemporaryDirectory("outpost-sim")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort cleanup
        let serverClock = ManualClock(1_764_000_000_000)
        let budget = ClockSkewBudget()
        let store = try SQLiteChangeStore(path: directory.appendingPathComponent("server.sqlite").path,
                                          schema: OutpostSchema.current, skewBudget: budget)
        let network = SimulatedNetwork(store: store, serverClock: serverClock, skewBudget: budget, seed: seed)
        var history: [String] = ["seed \(seed): \(laptopCount) laptops, \(steps) steps"]

        var laptops: [SimLaptop] = []
        for index in 0..<laptopCount {
            // Laptop 0 runs a newer app whose schema has one more field.
            let schema = index == 0 ? Self.newerClientSchema : OutpostSchema.current
            let replica = try Replica(writer: DatabaseQueue(), schema: schema)
            let user = UserID("u-\(index)")
            _ = try replica.configure(serverURL: URL(string: "sim://server/")!, userID: user, token: "t",
                                      deviceID: DeviceID("device-\(index)"))
            laptops.append(SimLaptop(replica: replica, clock: ManualClock(serverClock.now), user: user,
                                     transport: network.transport(for: user)))
        }
        var createdFollowUps = 0
        let lead = EntityName("lead")
        let editable = ["contact_name", "mobile", "remark", "intent_level"]

        for step in 0..<steps {
            let elapsed = Int64.random(in: 0...5_000, using: &random)
            serverClock.advance(by: elapsed)
            for laptop in laptops { laptop.clock.advance(by: elapsed) }
            let index = Int.random(in: 0..<laptops.count, using: &random)
            let laptop = laptops[index]
            let now = laptop.clock.now
            let rows = try laptop.replica.rows(lead, includingDeleted: true)
            let roll = Int.random(in: 0..<100, using: &random)
            var line = "step \(step): laptop \(index) "
            do {
                switch roll {
                case 0..<12:
                    let id = RowID(UUIDv7.make(wallMilliseconds: now, using: &random))
                    try laptop.replica.create(lead, id: id, values: [
                        FieldName("contact_name"): .text("家长\(step)"), FieldName("source_channel"): .text("walk_in"),
                        FieldName("wechat_id"): .text("parent\(step)"),
                    ], now: now)
                    line += "creates lead \(id.rawValue.suffix(4))"
                case 12..<45 where !rows.isEmpty:
                    let row = rows.randomElement(using: &random)!
                    let field = editable.randomElement(using: &random)!
                    let value: FieldValue = field == "intent_level"
                        ? .text(["A", "B", "C", "D"].randomElement(using: &random)!)
                        : .text("\(field)-\(step)")
                    try laptop.replica.update(lead, id: row.id, values: [FieldName(field): value], now: now)
                    line += "sets \(field) of \(row.id.rawValue.suffix(4))"
                case 45..<52 where !rows.isEmpty:
                    let row = rows.randomElement(using: &random)!
                    try laptop.replica.delete(lead, id: row.id, now: now)
                    line += "deletes \(row.id.rawValue.suffix(4))"
                case 52..<57 where !rows.isEmpty:
                    let row = rows.randomElement(using: &random)!
                    try laptop.replica.restore(lead, id: row.id, now: now)
                    line += "undeletes \(row.id.rawValue.suffix(4))"
                case 57..<63 where !rows.isEmpty:
                    let row = rows.randomElement(using: &random)!
                    let id = RowID(UUIDv7.make(wallMilliseconds: now, using: &random))
                    try laptop.replica.create(EntityName("follow_up"), id: id, values: [
                        FieldName("subject_type"): .text("lead"), FieldName("subject_id"): .text(row.id.rawValue),
                        FieldName("author_id"): .text(laptop.user.rawValue), FieldName("method"): .text("phone"),
                        FieldName("content"): .text("call \(step)"), FieldName("occurred_at"): .integer(now),
                    ], now: now)
                    createdFollowUps += 1
                    line += "logs a follow-up on \(row.id.rawValue.suffix(4))"
                case 63..<66 where index == 0 && !rows.isEmpty:
                    let row = rows.randomElement(using: &random)!
                    try laptop.replica.update(lead, id: row.id, values: [FieldName("nickname"): .text("n\(step)")], now: now)
                    line += "sets nickname (a field the server does not know) of \(row.id.rawValue.suffix(4))"
                case 66..<70:
                    let offline = Bool.random(using: &random)
                    network.setOffline(laptop.user, offline)
                    line += offline ? "goes offline" : "comes back online"
                case 70..<74:
                    let skew: Int64 = [0, 90_000, 86_400_000, 5 * 365 * 86_400_000, -3_600_000].randomElement(using: &random)!
                    laptop.clock.advance(by: skew)
                    line += "clock jumps by \(skew) ms"
                case 74..<82 where !rows.isEmpty:
                    // Commands, queued offline like edits: the server decides them.
                    let row = rows.randomElement(using: &random)!
                    switch Int.random(in: 0..<5, using: &random) {
                    case 0:
                        try laptop.replica.enqueue(.claim, on: lead, id: row.id, now: now)
                        line += "queues a claim of \(row.id.rawValue.suffix(4))"
                    case 1:
                        try laptop.replica.enqueue(.release, on: lead, id: row.id, now: now)
                        line += "queues a release of \(row.id.rawValue.suffix(4))"
                    case 2:
                        _ = try laptop.replica.convert(lead: row.id, now: now)
                        line += "converts \(row.id.rawValue.suffix(4)) offline"
                    case 3:
                        let tail = rows.randomElement(using: &random)!
                        try laptop.replica.enqueue(.merge, on: lead, id: row.id, arguments: ["tails": .list([.text(tail.id.rawValue)])], now: now)
                        line += "queues a merge of \(tail.id.rawValue.suffix(4)) into \(row.id.rawValue.suffix(4))"
                    default:
                        try laptop.replica.enqueue(.markInvalid, on: lead, id: row.id, arguments: ["reason": .text("wrong number")], now: now)
                        line += "queues mark_invalid of \(row.id.rawValue.suffix(4))"
                    }
                default:
                    let engine = SyncEngine(replica: laptop.replica, transport: laptop.transport,
                                            pushBatchSize: Int.random(in: 1...4, using: &random),
                                            pageSize: Int.random(in: 1...5, using: &random), now: { laptop.clock.now })
                    do {
                        let report = try await engine.sync()
                        line += "syncs: pushed \(report.pushed), pulled \(report.pulledRows)"
                    } catch let error as TransportError {
                        line += "sync interrupted (\(error))"
                    }
                }
            } catch let error as ReplicaError {
                line += "edit refused locally (\(error))"
            }
            history.append(line)
        }

        // Quiescence: the network heals, everyone syncs until nothing is left to exchange.
        network.faultsEnabled = false
        for laptop in laptops { network.setOffline(laptop.user, false) }
        for round in 0..<2 {
            for (index, laptop) in laptops.enumerated() {
                let engine = SyncEngine(replica: laptop.replica, transport: laptop.transport, now: { laptop.clock.now })
                let report = try await engine.sync()
                history.append("quiescence round \(round): laptop \(index) pushed \(report.pushed), pulled \(report.pulledRows)")
            }
        }
        history.append(contentsOf: network.events)

        let violations = try await check(laptops: laptops, store: store, createdFollowUps: createdFollowUps)
        return Outcome(violations: violations, history: history)
    }

    // MARK: - Invariant checks

    private func check(laptops: [SimLaptop], store: SQLiteChangeStore, createdFollowUps: Int) async throws -> [String] {
        var violations: [String] = []
        // The server's view, rebuilt from a full pull.
        var server: [EntityName: [RowID: RowState]] = [:]
        var cursor: PullCursor?
        var hasMore = true
        while hasMore {
            let page = try await store.pull(after: cursor, limit: 1000)
            for pulled in page.rows {
                var state = server[pulled.entity]?[pulled.id] ?? RowState()
                for (name, wire) in pulled.fields { state.adopt(wire.version, for: FieldName(name)) }
                server[pulled.entity, default: [:]][pulled.id] = state
            }
            cursor = page.nextCursor
            hasMore = page.hasMore
        }

        // Invariant 1: convergence.
        for (index, laptop) in laptops.enumerated() {
            for entity in OutpostSchema.current.entities.map(\.name) {
                let local = Dictionary(uniqueKeysWithValues: try laptop.replica.rows(entity, includingDeleted: true).map { ($0.id, $0.state) })
                let expected = server[entity] ?? [:]
                if Set(local.keys) != Set(expected.keys) {
                    violations.append("laptop \(index) holds \(local.count) \(entity) rows, the server \(expected.count)")
                }
                for (id, state) in expected where local[id]?.values != state.values
                    || local[id]?.stamps.byField.mapValues(\.clock) != state.stamps.byField.mapValues(\.clock) {
                    violations.append("laptop \(index) diverges on \(entity) \(id): \(String(describing: local[id]?.values)) vs \(state.values)")
                }
            }
        }
        if (server[EntityName("follow_up")] ?? [:]).count != createdFollowUps {
            violations.append("\(createdFollowUps) follow-ups were logged, the server holds \((server[EntityName("follow_up")] ?? [:]).count)")
        }

        // Conflict log, and no effect twice.
        var conflicts: [ConflictEntry] = []
        for laptop in laptops {
            conflicts += try await store.conflicts(lostBy: laptop.user, after: 0, limit: 1000).conflicts
        }
        let conflictKeys = conflicts.map { "\($0.rowID)|\($0.field)|\($0.loser.version.clock)|\($0.winner.version.clock)" }
        if Set(conflictKeys).count != conflictKeys.count {
            violations.append("a conflict was recorded twice: a push had its effect twice")
        }
        let losers = Set(conflicts.map { "\($0.rowID)|\($0.field)|\($0.loser.version.clock)" })

        // Invariant 2: every acknowledged write is current, in the conflict log, or was
        // knowingly overwritten by a later write that had seen it.
        var acknowledged: [JournalEntry] = []
        for (index, laptop) in laptops.enumerated() {
            let entries = try laptop.replica.journalEntries(in: .applied, .superseded, .rejected, .pending, limit: 1_000_000)
            for entry in entries where entry.state == .pending {
                violations.append("laptop \(index) still has entry \(entry.sequence) pending after quiescence")
            }
            for entry in entries where entry.state == .rejected && (entry.code == nil || entry.message?.isEmpty != false) {
                violations.append("laptop \(index) entry \(entry.sequence) was refused without a visible reason")
            }
            // A command may be refused (someone claimed first, not the owner…); a field write
            // only when it is the field this server does not know, or when its lead was
            // converted before it arrived (R-14.3: a converted lead is read-only).
            for entry in entries where entry.state == .rejected && entry.command == nil && entry.change.field != FieldName("nickname")
                && entry.code?.rawValue != "lead.already_converted" {
                violations.append("laptop \(index) entry \(entry.sequence) (\(entry.change.field)) was refused: \(entry.code?.rawValue ?? "?")")
            }
            acknowledged += entries.filter { ($0.state == .applied || $0.state == .superseded) && $0.command == nil }
        }
        for entry in acknowledged {
            let clock = entry.storedClock ?? entry.change.clock
            // A write to a merged row landed on the row it was merged into (`aliases`).
            let target = entry.aliases?[entry.change.rowID.rawValue].map { RowID($0) } ?? entry.change.rowID
            let current = server[entry.change.entity]?[target]?.version(of: entry.change.field)
            if current?.clock == clock { continue }
            // A merge joined two notes (R-2.4): the text is still there.
            if case .text(let written) = entry.change.value, let kept = current?.value.textValue, kept.contains(written) { continue }
            // A merge moved the write's row into another; its value stays on the merged row.
            if entry.aliases == nil, server[entry.change.entity]?[target]?.values[FieldName("merged_into_id")]?.textValue != nil,
               current?.value == entry.change.value { continue }
            if losers.contains("\(target)|\(entry.change.field)|\(clock)") { continue }
            // Decided by a command, by design: a convert adopts its provisional rows, a merge
            // re-points children to the row their parent was merged into. And by a rule: a
            // follow-up or check-in said to happen beyond receipt plus the skew budget happened
            // no later than that (DOMAIN §1.8), and a lead said to be created then was (R-1.8).
            let merged = server[entry.change.entity]?[target]?.values[FieldName("merged_into_id")]?.textValue != nil
            let clampedEarlier = ["occurred_at", "created_at"].contains(entry.change.field.rawValue)
                && (current?.value.integerValue ?? .max) < (entry.change.value.integerValue ?? .min)
            if current?.clock.deviceID == DeviceID("server"),
               ["provisional", "subject_id", "customer_id"].contains(entry.change.field.rawValue)
                || (entry.change.field == .deleted && merged) || clampedEarlier { continue }
            // A convert puts the lead's value as the server holds it (a colleague's correction)
            // over the laptop's copy in the rows it made, just above the copy's clock (R-14.2).
            let convertCopies: Set<String> = ["customer.mobile", "contact.name", "contact.mobile", "contact.wechat_id", "student.name"]
            if let current, current.clock.deviceID == DeviceID("server"), current.clock == clock.successor(on: DeviceID("server")),
               convertCopies.contains("\(entry.change.entity.rawValue).\(entry.change.field.rawValue)") { continue }
            func landedOn(_ later: JournalEntry) -> RowID {
                later.aliases?[later.change.rowID.rawValue].map { RowID($0) } ?? later.change.rowID
            }
            let knowinglyOverwritten = acknowledged.contains { later in
                landedOn(later) == target && later.change.field == entry.change.field
                    && (later.storedClock ?? later.change.clock) > clock
                    && ((later.storedClock ?? later.change.clock).deviceID == clock.deviceID || later.change.base == clock)
            }
            if entry.state == .applied && knowinglyOverwritten { continue }
            // Overwritten by the very same value (two people typed the same): nothing was lost.
            let sameValueLater = acknowledged.contains { later in
                landedOn(later) == target && later.change.field == entry.change.field
                    && later.change.value == entry.change.value && (later.storedClock ?? later.change.clock) > clock
            }
            if current?.value == entry.change.value || sameValueLater { continue }
            if entry.state == .applied && entry.change.entity == EntityName("follow_up") && current?.value == entry.change.value { continue }
            violations.append("acknowledged write \(entry.change.field)=\(entry.change.value) at \(clock) on \(entry.change.rowID) vanished")
        }
        return violations
    }
}
