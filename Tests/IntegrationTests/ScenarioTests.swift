import Foundation
import OutpostCore
import OutpostProtocol
import OutpostReplica
import OutpostServer
import OutpostTestSupport
import Testing

/// Runs every scenario in `fixtures/scenarios/` end to end: a real server holding the demo
/// organisation, one replica per laptop, the steps offline in order, then the expectations on
/// the server, on every replica, in the conflict log, the rejections still visible on each
/// device, the ownership events, the audit log, the stage history and the duplicate links.
@Suite struct ScenarioTests {
    @Test(arguments: StoreKind.allCases, try Scenario.fileNames())
    func scenarioHolds(store: StoreKind, fileName: String) async throws {
        let scenario = try Scenario.load(fileName)
        let start = try Scenario.instant(try #require(scenario.steps.first).at)
        try await withRunningServer(store, clock: ManualClock(start)) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: start - 86_400_000)
            var laptops: [String: Laptop] = [:]
            var skews: [String: Int64] = [:]
            for (name, userID) in scenario.laptops.sorted(by: { $0.key < $1.key }) {
                let user = try #require(DemoUsers.all.first { $0.userID.rawValue == userID }, "unknown user \(userID)")
                if let wrong = scenario.clockSkew?[name], let date = ISO8601DateFormatter().date(from: wrong) {
                    skews[name] = Int64(date.timeIntervalSince1970 * 1000) - start
                }
                laptops[name] = try Laptop(name, user: user, server: server)
            }
            var rows = NamedRows()
            for step in scenario.steps {
                let now = try Scenario.instant(step.at)
                server.clock.set(to: now)
                for (name, laptop) in laptops { laptop.clock.set(to: now + (skews[name] ?? 0)) }
                try await perform(step, server: server, laptops: laptops, rows: &rows)
            }
            // Everyone syncs until nothing is left to exchange.
            for _ in 0..<2 {
                for name in laptops.keys.sorted() { try await laptops[name]!.sync() }
            }
            try await check(scenario, server: server, laptops: laptops, rows: rows)
        }
    }

    private func perform(_ step: Scenario.Step, server: RunningServer, laptops: [String: Laptop], rows: inout NamedRows) async throws {
        if let names = step.sync {
            for name in names { try await #require(laptops[name], "unknown laptop \(name)").sync() }
            return
        }
        let entity = EntityName(step.entity ?? "lead")
        if step.reclaim == true {
            _ = try await server.store.runReclaim(serverNow: server.clock.now)
            return
        }
        if let leads = step.ingest {
            let actor = UserID(try #require(step.actor, "an ingest step names its 'actor'"))
            var ingested: [IngestLead] = []
            for lead in leads {
                let id = RowID("ingest-" + lead.name.lowercased())
                rows[lead.name] = (EntityName("lead"), id)
                ingested.append(IngestLead(id: id, values: try rows.resolve(lead.values), teamID: lead.teamID.map { RowID($0) },
                                           cityCode: lead.cityCode))
            }
            _ = try await server.store.ingest(ingested, actor: actor, serverNow: server.clock.now)
            return
        }
        if let name = step.seed {
            let id = rows[name]?.id ?? RowID(step.id ?? "seed-" + name.lowercased())
            try await server.store.seed([SeedRow(entity: entity, id: id, values: try rows.resolve(step.values ?? [:]))],
                                        serverNow: server.clock.now)
            rows[name] = (entity, id)
            return
        }
        let laptop = try #require(step.laptop.flatMap { laptops[$0] }, "a step needs a known laptop")
        let values = Dictionary(uniqueKeysWithValues: try rows.resolve(step.values ?? [:]).map { (FieldName($0.key), $0.value) })
        let now = laptop.clock.now
        if let name = step.create {
            rows[name] = (entity, try laptop.replica.create(entity, values: values, now: now))
        } else if let name = step.edit {
            let row = try rows.require(name)
            try laptop.replica.update(row.entity, id: row.id, values: values, now: now)
        } else if let name = step.delete {
            let row = try rows.require(name)
            try laptop.replica.delete(row.entity, id: row.id, now: now)
        } else if let name = step.restore {
            let row = try rows.require(name)
            try laptop.replica.restore(row.entity, id: row.id, now: now)
        } else if let command = step.command {
            let row = try rows.require(try #require(step.row, "a command step names its 'row'"))
            try laptop.replica.enqueue(CommandName(command), on: row.entity, id: row.id,
                                       arguments: try rows.resolve(step.arguments ?? [:]), now: now)
        } else if let name = step.convert {
            let converted = try laptop.replica.convert(lead: try rows.require(name).id, now: now)
            let made: [(String, EntityName, RowID?)] = [
                ("customer", EntityName("customer"), converted.customer), ("contact", EntityName("contact"), converted.contact),
                ("student", EntityName("student"), converted.student), ("opportunity", EntityName("opportunity"), converted.opportunity),
            ]
            for (role, entity, id) in made {
                if let rowName = step.names?[role], let id { rows[rowName] = (entity, id) }
            }
        } else {
            Issue.record("step at \(step.at) does nothing")
        }
    }

    private func check(_ scenario: Scenario, server: RunningServer, laptops: [String: Laptop], rows: NamedRows) async throws {
        let id = scenario.id
        var serverTables: [EntityName: [RowID: RowState]] = [:]
        func table(_ entity: EntityName) async throws -> [RowID: RowState] {
            if let table = serverTables[entity] { return table }
            let table = try await serverRows(server, entity: entity)
            serverTables[entity] = table
            return table
        }
        for (name, fields) in scenario.expect.rows {
            let row = try rows.require(name)
            let onServer = try await table(row.entity)[row.id]
            for (field, expected) in fields {
                let value = try rows.resolve(expected)
                #expect(onServer?.values[FieldName(field)] ?? .null == value, "\(id): server \(name).\(field)")
                for (laptopName, laptop) in laptops where !(scenario.expect.absentFrom?[laptopName] ?? []).contains(name) {
                    #expect(try laptop.replica.row(row.entity, id: row.id)?.values[FieldName(field)] ?? .null == value,
                            "\(id): \(laptopName) \(name).\(field)")
                }
            }
        }
        for (laptopName, names) in scenario.expect.absentFrom ?? [:] {
            let laptop = try #require(laptops[laptopName])
            for name in names {
                let row = try rows.require(name)
                #expect(try laptop.replica.row(row.entity, id: row.id) == nil, "\(id): \(name) left \(laptopName)'s scope")
            }
        }
        try await expectConvergedInScope(Array(laptops.values), server: server)

        var logged: [Scenario.ExpectedConflict] = []
        for user in DemoUsers.all {
            for entry in try await server.store.conflicts(lostBy: user.userID, after: 0, limit: 1000).conflicts {
                logged.append(Scenario.ExpectedConflict(
                    row: rows.name(of: entry.rowID), field: entry.field.rawValue,
                    winner: entry.winner.version.value, winnerAuthor: entry.winner.version.author.rawValue,
                    loser: entry.loser.version.value, loserAuthor: entry.loser.version.author.rawValue))
            }
        }
        let expectedConflicts = try scenario.expect.conflicts.map { conflict in
            var conflict = conflict
            conflict.winner = try rows.resolve(conflict.winner)
            conflict.loser = try rows.resolve(conflict.loser)
            return conflict
        }
        #expect(Set(logged) == Set(expectedConflicts), "\(id): conflict log")
        #expect(logged.count == expectedConflicts.count, "\(id): conflict log size")

        for (name, laptop) in laptops {
            let codes = try laptop.replica.journalEntries(in: .rejected).compactMap(\.code?.rawValue).sorted()
            #expect(codes == (scenario.expect.rejections?[name] ?? []).sorted(), "\(id): rejections visible on \(name)")
        }
        for (name, expected) in scenario.expect.clampedWrites ?? [:] {
            let device = try #require(laptops[name]).replica.settings().deviceID
            #expect(try await server.store.clockReport(for: device)?.clampedWrites == expected, "\(id): clamped writes of \(name)")
        }

        func text(_ row: RowState, _ field: String) -> String? { row.values[FieldName(field)]?.textValue }
        let events = try await table(EntityName("ownership_event")).values
            .filter { text($0, "action") != "assign_on_create" }
            .map { Scenario.ExpectedOwnershipEvent(subject: rows.name(of: RowID(text($0, "subject_id") ?? "")), action: text($0, "action") ?? "",
                                                   from: text($0, "from_owner_id"), to: text($0, "to_owner_id")) }
        #expect(events.sorted(by: { "\($0)" < "\($1)" }) == (scenario.expect.ownershipEvents ?? []).sorted(by: { "\($0)" < "\($1)" }),
                "\(id): ownership events")

        let audit = try await table(EntityName("audit_log")).values.map { row in
            Scenario.ExpectedAudit(actor: text(row, "actor_id") ?? "", action: text(row, "action") ?? "", entity: text(row, "entity_type") ?? "",
                                   rows: (row.values[FieldName("entity_ids")]?.listValue ?? []).compactMap(\.textValue).map { rows.name(of: RowID($0)) }.sorted())
        }
        let expectedAudit = (scenario.expect.audit ?? []).map {
            Scenario.ExpectedAudit(actor: $0.actor, action: $0.action, entity: $0.entity, rows: $0.rows.sorted())
        }
        #expect(audit.sorted(by: { "\($0)" < "\($1)" }) == expectedAudit.sorted(by: { "\($0)" < "\($1)" }), "\(id): audit log")

        let stages = try await table(EntityName("opportunity_stage_change")).values.map { row in
            Scenario.ExpectedStageChange(opportunity: rows.name(of: RowID(text(row, "opportunity_id") ?? "")), from: text(row, "from_stage"),
                                         to: text(row, "to_stage") ?? "", author: text(row, "author_id") ?? "",
                                         accepted: row.values[FieldName("accepted")]?.boolValue ?? false)
        }
        #expect(Set(stages) == Set(scenario.expect.stageChanges ?? []), "\(id): stage changes")
        #expect(stages.count == (scenario.expect.stageChanges ?? []).count, "\(id): stage change count")

        let links = try await table(EntityName("suspected_duplicate")).values.map { row in
            Set([rows.name(of: RowID(text(row, "subject_id") ?? "")), rows.name(of: RowID(text(row, "other_id") ?? ""))])
        }
        #expect(links.sorted(by: { $0.sorted().joined() < $1.sorted().joined() })
                == (scenario.expect.suspectedDuplicates ?? []).map(Set.init).sorted(by: { $0.sorted().joined() < $1.sorted().joined() }),
                "\(id): suspected duplicates")

        // Notifications: exactly the expected ones, each on its recipient's laptops and no other.
        let notifications = try await table(EntityName("notification"))
        let expectedNotifications = scenario.expect.notifications ?? []
        #expect(Set(notifications.values.map { "\(text($0, "recipient_id") ?? "") \(text($0, "kind") ?? "") \(rows.name(of: RowID(text($0, "about_id") ?? "")))" })
                == Set(expectedNotifications.map { "\($0.recipient) \($0.kind) \($0.about)" }), "\(id): notifications")
        #expect(notifications.count == expectedNotifications.count, "\(id): notification count")
        for expected in expectedNotifications {
            let about = try rows.require(expected.about).id.rawValue
            guard let (rowID, row) = notifications.first(where: { text($0.value, "recipient_id") == expected.recipient && text($0.value, "about_id") == about })
            else { continue }
            for words in expected.says ?? [] {
                #expect(text(row, "message")?.contains(words) == true, "\(id): the notification to \(expected.recipient) says '\(words)': \(text(row, "message") ?? "")")
            }
            for (name, laptop) in laptops {
                let held = try laptop.replica.row(EntityName("notification"), id: rowID) != nil
                #expect(held == (scenario.laptops[name] == expected.recipient), "\(id): \(name) holds the notification to \(expected.recipient): \(held)")
            }
        }
    }
}

/// The rows a scenario names, and `@name` references resolved to their ids.
struct NamedRows {
    private var byName: [String: (entity: EntityName, id: RowID)] = [:]

    subscript(name: String) -> (entity: EntityName, id: RowID)? {
        get { byName[name] }
        set { byName[name] = newValue }
    }

    func require(_ name: String) throws -> (entity: EntityName, id: RowID) {
        try #require(byName[name], "no row named \(name)")
    }

    /// The scenario's name for a row id (the id itself when it has none).
    func name(of id: RowID) -> String {
        byName.first { $0.value.id == id }?.key ?? id.rawValue
    }

    func resolve(_ values: [String: FieldValue]) throws -> [String: FieldValue] {
        try values.mapValues(resolve)
    }

    func resolve(_ value: FieldValue) throws -> FieldValue {
        switch value {
        case .text(let text) where text.hasPrefix("@"): .text(try require(String(text.dropFirst())).id.rawValue)
        case .list(let items): .list(try items.map(resolve))
        case .object(let members): .object(try members.mapValues(resolve))
        default: value
        }
    }
}
