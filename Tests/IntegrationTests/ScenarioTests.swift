import Foundation
import OutpostCore
import OutpostReplica
import OutpostServer
import OutpostTestSupport
import Testing

/// Runs every scenario in `fixtures/scenarios/` end to end: a real server, one replica per
/// laptop, the steps offline in order, then the expectations on the server, on every replica
/// and in the conflict log.
@Suite struct ScenarioTests {
    @Test(arguments: StoreKind.allCases, try Scenario.fileNames())
    func scenarioHolds(store: StoreKind, fileName: String) async throws {
        let scenario = try Scenario.load(fileName)
        let start = try Scenario.instant(try #require(scenario.steps.first).at)
        try await withRunningServer(store, clock: ManualClock(start)) { server in
            var laptops: [String: Laptop] = [:]
            var skews: [String: Int64] = [:]
            for (name, userID) in scenario.laptops.sorted(by: { $0.key < $1.key }) {
                let user = try #require(DemoUsers.all.first { $0.userID.rawValue == userID }, "unknown user \(userID)")
                if let wrong = scenario.clockSkew?[name], let date = ISO8601DateFormatter().date(from: wrong) {
                    skews[name] = Int64(date.timeIntervalSince1970 * 1000) - start
                }
                laptops[name] = try Laptop(name, user: user, server: server)
            }
            var rows: [String: RowID] = [:]
            for step in scenario.steps {
                let now = try Scenario.instant(step.at)
                server.clock.set(to: now)
                for (name, laptop) in laptops { laptop.clock.set(to: now + (skews[name] ?? 0)) }
                try await perform(step, laptops: laptops, rows: &rows)
            }
            // Everyone syncs until nothing is left to exchange.
            for _ in 0..<2 {
                for name in laptops.keys.sorted() { try await laptops[name]!.sync() }
            }
            try await check(scenario, server: server, laptops: laptops, rows: rows)
        }
    }

    private func perform(_ step: Scenario.Step, laptops: [String: Laptop], rows: inout [String: RowID]) async throws {
        if let names = step.sync {
            for name in names { try await #require(laptops[name], "unknown laptop \(name)").sync() }
            return
        }
        let laptop = try #require(step.laptop.flatMap { laptops[$0] }, "a step needs a known laptop")
        let entity = EntityName(step.entity ?? "lead")
        let values = Dictionary(uniqueKeysWithValues: (step.values ?? [:]).map { (FieldName($0.key), $0.value) })
        let now = laptop.clock.now
        if let name = step.create {
            rows[name] = try laptop.replica.create(entity, values: values, now: now)
        } else if let name = step.edit {
            try laptop.replica.update(entity, id: try #require(rows[name]), values: values, now: now)
        } else if let name = step.delete {
            try laptop.replica.delete(entity, id: try #require(rows[name]), now: now)
        } else if let name = step.restore {
            try laptop.replica.restore(entity, id: try #require(rows[name]), now: now)
        } else {
            Issue.record("step at \(step.at) does nothing")
        }
    }

    private func check(_ scenario: Scenario, server: RunningServer, laptops: [String: Laptop], rows: [String: RowID]) async throws {
        let id = scenario.id
        let onServer = try await serverRows(server)
        for (name, fields) in scenario.expect.rows {
            let row = try #require(rows[name], "\(id): no row named \(name)")
            for (field, value) in fields {
                #expect(onServer[row]?.values[FieldName(field)] == value, "\(id): server \(name).\(field)")
                for (laptopName, laptop) in laptops {
                    #expect(try laptop.lead(row)?.values[FieldName(field)] == value, "\(id): \(laptopName) \(name).\(field)")
                }
            }
        }
        try await expectConverged(Array(laptops.values), server: server)

        let names = Dictionary(uniqueKeysWithValues: rows.map { ($0.value, $0.key) })
        var logged: [Scenario.ExpectedConflict] = []
        for user in DemoUsers.all {
            for entry in try await server.store.conflicts(lostBy: user.userID, after: 0, limit: 1000).conflicts {
                logged.append(Scenario.ExpectedConflict(
                    row: names[entry.rowID] ?? entry.rowID.rawValue, field: entry.field.rawValue,
                    winner: entry.winner.version.value, winnerAuthor: entry.winner.version.author.rawValue,
                    loser: entry.loser.version.value, loserAuthor: entry.loser.version.author.rawValue))
            }
        }
        #expect(Set(logged) == Set(scenario.expect.conflicts), "\(id): conflict log")
        #expect(logged.count == scenario.expect.conflicts.count, "\(id): conflict log size")

        for (name, laptop) in laptops {
            let codes = try laptop.replica.journalEntries(in: .rejected).compactMap(\.code?.rawValue).sorted()
            #expect(codes == (scenario.expect.rejections?[name] ?? []).sorted(), "\(id): rejections visible on \(name)")
        }
        for (name, expected) in scenario.expect.clampedWrites ?? [:] {
            let device = try #require(laptops[name]).replica.settings().deviceID
            #expect(try await server.store.clockReport(for: device)?.clampedWrites == expected, "\(id): clamped writes of \(name)")
        }
    }
}
