import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Commands against a real store (both kinds): the server's checks, exactly-once effects, the
/// alias map of a late convert, and capacity that holds across processes.
@Suite struct CommandTests {
    private let now: Int64 = 1_788_300_000_000   // D2 06:00 Asia/Shanghai in the scenario calendar

    @Test(arguments: StoreKind.allCases)
    func theFirstClaimWinsAndIsLoggedOnce(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [poolLead("p1")], serverNow: now)
            var zhao = Device("z1", DemoUsers.zhao.userID), wang = Device("w1", DemoUsers.wang.userID)
            let first = try await zhao.push([], [zhao.command(.claim, "lead", "p1")], to: store, at: now)
            let second = try await wang.push([], [wang.command(.claim, "lead", "p1")], to: store, at: now + 1000)
            #expect(first.results.map(\.status) == [.applied])
            #expect(second.results.first?.code?.rawValue == "pool.already_claimed")
            let lead = try #require(try await storeRows(store, entity: EntityName("lead"))[RowID("p1")])
            #expect(lead.values[FieldName("owner_id")] == .text("u-zhao"))
            #expect(lead.values[FieldName("pool_state")] == .text("private"))
            let events = try await storeRows(store, entity: EntityName("ownership_event")).values
            #expect(events.map { $0.values[FieldName("action")] } == [.text("claim")])
            #expect(try await storeRows(store, entity: EntityName("audit_log")).count == 1)
        }
    }

    /// The audit chain lists a push's commands in the order they ran (black-box round 16: a
    /// claim and the release after it, in one push, were chained release first).
    @Test(arguments: StoreKind.allCases)
    func theAuditEntriesOfOnePushAreChainedInTheOrderTheCommandsRan(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + (1...3).map { poolLead("p\($0)") }, serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let commands = [wang.command(.claim, "lead", "p1"), wang.command(.release, "lead", "p1", ["reason": .text("家长不需要了")]),
                            wang.command(.claim, "lead", "p2"), wang.command(.claim, "lead", "p3"), wang.command(.release, "lead", "p3")]
            let answer = try await wang.push([], commands, to: store, at: now)
            #expect(answer.results.allSatisfy { $0.status == .applied }, "\(answer.results)")
            let audit = try await storeRows(store, entity: EntityName("audit_log")).sorted { $0.key < $1.key }
            #expect(audit.map { $0.value.values[FieldName("action")]?.textValue } == ["claim", "release", "claim", "claim", "release"])
            #expect(audit.map { $0.value.values[FieldName("entity_ids")] } == ["p1", "p1", "p2", "p3", "p3"].map { .list([.text($0)]) })
            #expect(audit[1].value.values[FieldName("reason")] == .text("家长不需要了"), "a release's reason is kept with it")
            // Each names the change of owner it made (round 33: no before/after).
            #expect(audit.prefix(2).map { $0.value.values[FieldName("before")]?.textValue } == [#"{"owner_id":null}"#, #"{"owner_id":"u-wang"}"#])
            #expect(audit.prefix(2).map { $0.value.values[FieldName("after")]?.textValue } == [#"{"owner_id":"u-wang"}"#, #"{"owner_id":null}"#])
            #expect(try await store.verifyAuditChain().broken == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theDailyClaimLimitCountsTheServersDayNotTheDevices(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + (1...4).map { poolLead("p\($0)") }, serverNow: now)
            // The laptop's clock is a day behind: the server still counts its own day.
            var wang = Device("w1", DemoUsers.wang.userID, clockOffset: -86_400_000)
            let answer = try await wang.push([], (1...4).map { wang.command(.claim, "lead", "p\($0)") }, to: store, at: now)
            #expect(answer.results.map(\.status) == [.applied, .applied, .applied, .rejected])
            #expect(answer.results.last?.code?.rawValue == "pool.daily_limit_reached")
            let owned = try await storeRows(store, entity: EntityName("lead")).values.filter { $0.values[FieldName("owner_id")] == .text("u-wang") }
            #expect(owned.count == 3)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aCommandRunsOnceWhateverDeviceOrPushRepeatsIt(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [poolLead("p1")], serverNow: now)
            var w1 = Device("w1", DemoUsers.wang.userID), w2 = Device("w2", DemoUsers.wang.userID)
            let claim = w1.command(.claim, "lead", "p1")
            let push = PushRequest(deviceID: w1.id, changes: [], commands: [claim])
            let first = try await store.apply(push, author: w1.user, serverNow: now)
            let repeated = try await store.apply(push, author: w1.user, serverNow: now + 5000)
            #expect(first == repeated)
            // The same command id copied to another device (a restored laptop) does nothing again.
            var copy = w2.command(.claim, "lead", "p1")
            copy.id = claim.id
            let again = try await store.apply(PushRequest(deviceID: w2.id, changes: [], commands: [copy]), author: w2.user, serverNow: now + 9000)
            #expect(again.results.map(\.status) == [.applied])
            #expect(try await storeRows(store, entity: EntityName("ownership_event")).count == 1)
            #expect(try await storeRows(store, entity: EntityName("audit_log")).count == 1)

            // Another claim of a lead already one's own does nothing, and says so (round 24).
            let mineAlready = try await w1.push([], [w1.command(.claim, "lead", "p1")], to: store, at: now + 12_000)
            #expect(mineAlready.results.map(\.status) == [.applied])
            #expect(mineAlready.results.first?.message == "This lead is already yours, not in the public pool: nothing changed.")
            #expect(try await storeRows(store, entity: EntityName("ownership_event")).count == 1)
        }
    }

    /// A repeat is answered `applied` before anything else is judged: a release sent again
    /// (a laptop restored from an older copy renumbers it) finds the lead in the pool, where
    /// its owner may no longer release it, and was refused, listed as rejected and audited as
    /// a permission refusal (round 23).
    @Test(arguments: StoreKind.allCases)
    func aCommandRepeatedAfterItsRowChangedIsAnsweredAppliedAndJudgedByNothingElse(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [PoolFixture.ownedLead("l1", lastFollowUp: now)], serverNow: now)
            var w1 = Device("w1", DemoUsers.wang.userID)
            let release = w1.command(.release, "lead", "l1", ["reason": .text("家长不需要")])
            #expect(try await w1.push([], [release], to: store, at: now).results.map(\.status) == [.applied])
            let auditEntries = try await storeRows(store, entity: EntityName("audit_log")).count

            var repeated = w1.command(.release, "lead", "l1", ["reason": .text("家长不需要")])
            repeated.id = release.id
            let again = try await w1.push([], [repeated], to: store, at: now + 5000)
            #expect(again.results.map(\.status) == [.applied])
            #expect(again.results.first?.code == nil)
            #expect(try await storeRows(store, entity: EntityName("audit_log")).count == auditEntries, "no permission refusal is audited")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aLateConvertIsAnsweredWithAnAliasMapAndItsRowsAreMergedIn(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), lily = Device("l1", DemoUsers.lily.userID)
            _ = try await wang.push(wang.create("lead", "l1", ["contact_name": .text("王妈妈"), "mobile": .text("13811112222"), "source_channel": .text("walk_in")]),
                                    [], to: store, at: now)
            for (device, suffix) in [(0, "w"), (1, "l")] {
                var laptop = device == 0 ? wang : lily
                let changes = laptop.create("customer", "k-\(suffix)", ["name": .text("王家"), "customer_type": .text("family"), "provisional": .bool(true)])
                    + laptop.create("contact", "c-\(suffix)", ["customer_id": .text("k-\(suffix)"), "name": .text("王妈妈"), "relation": .text("mother"),
                                                                 "provisional": .bool(true), "remark": .text("note by \(suffix)")])
                let convert = laptop.command(.convert, "lead", "l1", ["customer_id": .text("k-\(suffix)"), "contact_id": .text("c-\(suffix)")])
                let answer = try await laptop.push(changes, [convert], to: store, at: now + 1000)
                if device == 0 {
                    #expect(answer.results.allSatisfy { $0.status == .applied })
                    wang = laptop
                } else {
                    let result = try #require(answer.results.last)
                    #expect(result.code?.rawValue == "lead.already_converted")
                    #expect(result.aliases == ["k-l": "k-w", "c-l": "c-w"])
                    lily = laptop
                }
            }
            let lead = try #require(try await storeRows(store, entity: EntityName("lead"))[RowID("l1")])
            #expect(PlanWorkspaceWord.word(lead.values[FieldName("status")]) == "converted")
            #expect(lead.values[FieldName("converted_customer_id")] == .text("k-w"))
            let contacts = try await storeRows(store, entity: EntityName("contact"))
            #expect(contacts[RowID("c-l")]?.isDeleted == true)
            #expect(contacts[RowID("c-l")]?.values[FieldName("merged_into_id")] == .text("c-w"))
            #expect(contacts[RowID("c-w")]?.values[FieldName("provisional")] == .bool(false))
            let customer = try await storeRows(store, entity: EntityName("customer"))[RowID("k-w")]
            #expect(customer?.values[FieldName("primary_contact_id")] == .text("c-w"), "the convert links the customer to its contact")
            // A converted customer is a customer like any other (DOMAIN §1.4, R-11.3, R-12.1; round 22).
            #expect(customer?.values[FieldName("deal_status")] == .text("not_won"))
            #expect(customer?.values[FieldName("locked")] == .bool(false))
            #expect(customer?.values[FieldName("lifecycle_stage")] == .text("acquisition"))
            #expect(customer?.values[FieldName("rfm_code")] == .text("000"))
            // A late write to the merged provisional row lands on the real one.
            let late = try await lily.push([lily.change("contact", "c-l", "title", .text("家长会代表"))], [], to: store, at: now + 5000)
            #expect(late.results.map(\.status) == [.applied])
            #expect(try await storeRows(store, entity: EntityName("contact"))[RowID("c-w")]?.values[FieldName("title")] == .text("家长会代表"))
        }
    }

    /// A late convert's opportunity merged into the winner's takes its stage history along
    /// (round 33: the loser's stage rows named the tombstone).
    @Test(arguments: StoreKind.allCases)
    func aLateConvertsMergedOpportunityBringsItsStageHistory(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), lily = Device("l1", DemoUsers.lily.userID)
            _ = try await wang.push(wang.create("lead", "l1", ["contact_name": .text("王妈妈"), "mobile": .text("13811112222"), "source_channel": .text("walk_in")]),
                                    [], to: store, at: now)
            for suffix in ["w", "l"] {
                var laptop = suffix == "w" ? wang : lily
                let rows = laptop.create("customer", "k-\(suffix)", ["name": .text("王家"), "customer_type": .text("family"), "provisional": .bool(true)])
                    + laptop.create("opportunity", "o-\(suffix)", ["customer_id": .text("k-\(suffix)"), "name": .text("少儿编程"), "provisional": .bool(true),
                                                                  "stage": StageValue(epoch: 0, stage: "initial_contact").fieldValue, "outcome": .text("open")])
                let convert = laptop.command(.convert, "lead", "l1", ["customer_id": .text("k-\(suffix)"), "opportunity_id": .text("o-\(suffix)")])
                _ = try await laptop.push(rows, [convert], to: store, at: now + 1_000)
                if suffix == "w" { wang = laptop } else { lily = laptop }
            }
            #expect(try await storeRows(store, entity: EntityName("opportunity"))[RowID("o-l")]?.values[FieldName("merged_into_id")] == .text("o-w"))
            let history = try await storeRows(store, entity: EntityName("opportunity_stage_change")).values
            #expect(history.count == 2)
            #expect(history.allSatisfy { $0.values[FieldName("opportunity_id")] == .text("o-w") }, "both histories are the survivor's")
        }
    }

    /// A late convert's opportunity and student that the winner has no counterpart for are kept
    /// under the customer with what the winning convert gives its own rows (round 33: the
    /// opportunity had no owner, branch, lead or student, though DOMAIN §1.7 requires them).
    @Test(arguments: StoreKind.allCases)
    func aLateConvertsKeptOpportunityTakesTheCustomersOwnerBranchLeadAndStudent(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), lily = Device("l1", DemoUsers.lily.userID)
            _ = try await wang.push(wang.create("lead", "l1", ["contact_name": .text("王妈妈"), "mobile": .text("13811112222"), "source_channel": .text("walk_in")]),
                                    [], to: store, at: now)
            // Wang converts without an opportunity or a student.
            let wangsRows = wang.create("customer", "k-w", ["name": .text("王家"), "customer_type": .text("family"), "provisional": .bool(true)])
                + wang.create("contact", "c-w", ["customer_id": .text("k-w"), "name": .text("王妈妈"), "relation": .text("mother"), "provisional": .bool(true)])
            let wangsConvert = wang.command(.convert, "lead", "l1", ["customer_id": .text("k-w"), "contact_id": .text("c-w")])
            #expect(try await wang.push(wangsRows, [wangsConvert], to: store, at: now + 1000).results.allSatisfy { $0.status == .applied })

            // Lily, offline, converts with both, and moves her opportunity on.
            let lilysRows = lily.create("customer", "k-l", ["name": .text("王家"), "customer_type": .text("family"), "provisional": .bool(true)])
                + lily.create("contact", "c-l", ["customer_id": .text("k-l"), "name": .text("王妈妈"), "relation": .text("mother"), "provisional": .bool(true)])
                + lily.create("student", "s-l", ["customer_id": .text("k-l"), "name": .text("小王"), "provisional": .bool(true)])
                + lily.create("opportunity", "o-l", ["customer_id": .text("k-l"), "name": .text("少儿编程"), "provisional": .bool(true),
                                                     "stage": StageValue(epoch: 0, stage: "initial_contact").fieldValue, "outcome": .text("open")])
            let lilysConvert = lily.command(.convert, "lead", "l1", ["customer_id": .text("k-l"), "contact_id": .text("c-l"),
                                                                     "student_id": .text("s-l"), "opportunity_id": .text("o-l")])
            let moved = lily.change("opportunity", "o-l", "stage", StageValue(epoch: 0, stage: "negotiation").fieldValue, at: now + 2_000)
            let answer = try await lily.push(lilysRows + [moved], [lilysConvert], to: store, at: now + 3_000)
            let refusal = try #require(answer.results.first { $0.code != nil })
            #expect(refusal.code?.rawValue == "lead.already_converted")
            #expect(refusal.aliases == ["k-l": "k-w", "c-l": "c-w"], "the student and opportunity have no counterpart: kept")

            let opportunity = try #require(try await storeRows(store, entity: EntityName("opportunity"))[RowID("o-l")])
            #expect(!opportunity.isDeleted)
            #expect(opportunity.values[FieldName("customer_id")] == .text("k-w"))
            #expect(opportunity.values[FieldName("owner_id")] == .text("u-wang"), "the customer's owner")
            #expect(opportunity.values[FieldName("branch_id")] == .text("ou-hd"))
            #expect(opportunity.values[FieldName("source_lead_id")] == .text("l1"))
            #expect(opportunity.values[FieldName("student_id")] == .text("s-l"))
            #expect(opportunity.values[FieldName("primary_contact_id")] == .text("c-w"), "the winner's contact stands for Lily's")
            #expect(opportunity.values[FieldName("provisional")] == .bool(false))
            #expect(StageValue(opportunity.values[FieldName("stage")] ?? .null)?.stage == "negotiation", "Lily's offline work is kept")
            let student = try #require(try await storeRows(store, entity: EntityName("student"))[RowID("s-l")])
            #expect(!student.isDeleted && student.values[FieldName("customer_id")] == .text("k-w"))
            #expect(try await storeRows(store, entity: EntityName("opportunity"), as: DemoUsers.wang.userID)[RowID("o-l")] != nil, "the customer's owner reads it")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func valuesOnlyACommandMaySetAreRefusedAsFieldWrites(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(wang.create("lead", "l1", ["contact_name": .text("王妈妈"), "mobile": .text("13811112222"), "source_channel": .text("walk_in")]),
                                    [], to: store, at: now)
            let answer = try await wang.push([wang.change("lead", "l1", "status", StageValue(epoch: 0, stage: "converted").fieldValue)],
                                             [], to: store, at: now + 1000)
            #expect(answer.results.first?.code?.rawValue == "field.command_only")
        }
    }

    /// A new row whose required field holds a command-only value is refused whole, not stored
    /// without that field.
    @Test(arguments: StoreKind.allCases)
    func aNewRowWhoseRequiredFieldIsACommandOnlyValueIsRefusedWhole(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            var wang = Device("w1", DemoUsers.wang.userID)
            let answer = try await wang.push(wang.create("opportunity", "o1", [
                "customer_id": .text("k1"), "name": .text("少儿编程 48 课时"), "stage": StageValue(epoch: 0, stage: "won").fieldValue,
                "outcome": .text("open"),
            ]), [], to: store, at: now)
            let codes = answer.results.map(\.code?.rawValue)
            #expect(codes.contains("field.command_only"))
            #expect(codes.allSatisfy { $0 == "field.command_only" || $0 == "validation.required" }, "\(codes)")
            #expect(try await storeRows(store, entity: EntityName("opportunity")).isEmpty)
        }
    }

    /// A command on a lead deleted meanwhile says so, and by whom, not that there is no such lead.
    @Test(arguments: StoreKind.allCases)
    func aCommandOnADeletedLeadSaysItWasDeleted(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(wang.create("lead", "l1", ["contact_name": .text("王妈妈"), "mobile": .text("13811113333"), "source_channel": .text("walk_in")]),
                                    [], to: store, at: now)
            _ = try await wang.push([wang.change("lead", "l1", "deleted", .bool(true))], [], to: store, at: now + 1000)
            let answer = try await wang.push([], [wang.command(.release, "lead", "l1")], to: store, at: now + 2000)
            #expect(answer.results.map(\.code?.rawValue) == ["command.unknown_row"])
            #expect(answer.results.first?.message?.contains("was deleted by u-wang") == true, "\(answer.results)")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aNewRowMissingARequiredFieldIsRefusedWhole(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            var wang = Device("w1", DemoUsers.wang.userID)
            let answer = try await wang.push(wang.create("lead", "l1", ["contact_name": .text("王妈妈"), "remark": .text("no way to reach her")]),
                                             [], to: store, at: now)
            #expect(answer.results.allSatisfy { $0.code?.rawValue == "validation.required" })
            #expect(try await storeRows(store, entity: EntityName("lead")).isEmpty)
        }
    }

    @Test func aTrialSessionIsNeverOverbookedByTwoProcesses() async throws {
        try await withPostgresStores(2) { stores in
            let session = SeedRow(entity: EntityName("trial_session"), id: RowID("ts1"),
                                  values: ["campus_id": .text("ou-hd-campus"), "course_id": .text("course-coding"),
                                           "capacity": .integer(1), "booked_count": .integer(0)])
            try await stores[0].seed(try DemoOrganisation.rows() + [session], serverNow: now)
            var laptops = [Device("w1", DemoUsers.wang.userID), Device("z1", DemoUsers.zhao.userID)]
            let users = laptops.map(\.user)
            var pushes: [PushRequest] = []
            for index in 0..<2 {
                let changes = laptops[index].create("lead", "l\(index)", ["contact_name": .text("家长\(index)"), "mobile": .text("1381111000\(index)"),
                                                                          "source_channel": .text("walk_in")])
                _ = try await laptops[index].push(changes, [], to: stores[index], at: now)
                let appointment = laptops[index].create("appointment", "a\(index)", [
                    "kind": .text("trial_class"), "lead_id": .text("l\(index)"), "student_id": .text("st\(index)"),
                    "campus_id": .text("ou-hd-campus"), "status": .text("scheduled"),
                    "invited_by_id": .text(laptops[index].user.rawValue),
                    "schedule": .object(["start": .integer(now + 86_400_000), "end": .integer(now + 90_000_000)]),
                ])
                pushes.append(PushRequest(deviceID: laptops[index].id, changes: appointment,
                                          commands: [laptops[index].command(.book, "appointment", "a\(index)", ["trial_session_id": .text("ts1")])]))
            }
            let (push0, push1) = (pushes[0], pushes[1])
            async let first = stores[0].apply(push0, author: users[0], serverNow: now + 1000)
            async let second = stores[1].apply(push1, author: users[1], serverNow: now + 1000)
            let answers = try await [first, second].map { $0.results.last! }
            #expect(answers.filter { $0.status == .applied }.count == 1)
            #expect(answers.filter { $0.code?.rawValue == "trial.session_full" }.count == 1)
            #expect(try await storeRows(stores[0], entity: EntityName("trial_session"))[RowID("ts1")]?.values[FieldName("booked_count")] == .integer(1))
        }
    }

    // MARK: - Helpers

    private func poolLead(_ id: String) -> SeedRow {
        SeedRow(entity: EntityName("lead"), id: RowID(id), values: [
            "contact_name": .text("公海家长 \(id)"), "wechat_id": .text("pool_\(id)_parent"), "source_channel": .text("purchased_list"),
            "branch_id": .text("ou-hd"), "pool_state": .text("public"), "pool_id": .text("pool-hd"),
        ])
    }
}

/// The stage word of a field value (a stage object or plain text).
enum PlanWorkspaceWord {
    static func word(_ value: FieldValue?) -> String? {
        guard let value else { return nil }
        return StageValue(value)?.stage ?? value.textValue
    }
}

/// A laptop as the server sees it: a device id, its user, its journal sequence and clock.
struct Device {
    let id: DeviceID
    let user: UserID
    let clockOffset: Int64
    private var sequence: Int64 = 0
    private var counter: UInt32 = 0

    init(_ id: String, _ user: UserID, clockOffset: Int64 = 0) {
        self.id = DeviceID(id)
        self.user = user
        self.clockOffset = clockOffset
    }

    mutating func next(at now: Int64) -> (Int64, HLCTimestamp) {
        sequence += 1
        counter += 1
        return (sequence, HLCTimestamp(wallMilliseconds: now + clockOffset, counter: counter, deviceID: id))
    }

    /// One field write, clocked at the base time of the test.
    mutating func change(_ entity: String, _ row: String, _ field: String, _ value: FieldValue, at now: Int64 = 1_788_300_000_000) -> PushChange {
        let (sequence, clock) = next(at: now)
        return PushChange(sequence: sequence, entity: EntityName(entity), rowID: RowID(row), field: FieldName(field),
                          value: value, clock: clock, base: nil)
    }

    /// The writes that create a row.
    mutating func create(_ entity: String, _ row: String, _ values: [String: FieldValue]) -> [PushChange] {
        var values = values
        if OutpostSchema.current.entity(EntityName(entity))?.field(FieldName("created_at")) != nil {
            values["created_at"] = .integer(1_788_300_000_000)
        }
        return values.sorted { $0.key < $1.key }.map { change(entity, row, $0.key, $0.value) }
    }

    mutating func command(_ name: CommandName, _ entity: String, _ row: String, _ arguments: [String: FieldValue] = [:]) -> PushCommand {
        let (sequence, clock) = next(at: 1_788_300_000_000)
        return PushCommand(sequence: sequence, id: RowID(UUID().uuidString.lowercased()), name: name, entity: EntityName(entity),
                           rowID: RowID(row), arguments: arguments, clock: clock)
    }

    func push(_ changes: [PushChange], _ commands: [PushCommand], to store: any ChangeStore, at now: Int64) async throws -> PushResponse {
        try await store.apply(PushRequest(deviceID: id, changes: changes, commands: commands), author: user, serverNow: now)
    }
}

