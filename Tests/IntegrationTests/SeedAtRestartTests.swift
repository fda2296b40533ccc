import Foundation
import OutpostCore
import OutpostReplica
import OutpostServer
import OutpostTestSupport
import Testing

/// `outpost-server --seed FILE` (and `--demo`) writes its rows at every start. Restarting the
/// server never undoes what happened since the seed last wrote (a claim, a booking): the seed
/// writes only fields it never wrote or that still hold its own last write, so an edited seed
/// file still moves the values it set, and nothing else (no data loss; ).
@Suite struct SeedAtRestartTests {
    private let lead = EntityName("lead"), session = EntityName("trial_session")

    @Test(arguments: StoreKind.allCases)
    func aRestartKeepsClaimsAndBookingsAndAppliesTheSeedFilesOwnChanges(store kind: StoreKind) async throws {
        let directory = try makeTemporaryDirectory("outpost-seed-restart")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort: the verdict is decided
        let location = switch kind {
        case .sqlite: directory.appendingPathComponent("server.sqlite").path
        case .postgres: try await { let cluster = try await TestPostgres.shared(); return cluster.url(database: try await cluster.createDatabase()) }()
        }
        let usersFile = directory.appendingPathComponent("users.json"), seedFile = directory.appendingPathComponent("org.json")
        try JSONEncoder().encode([DemoUsers.wang, DemoUsers.zhao]).write(to: usersFile)
        try JSONEncoder().encode(try DemoOrganisation.rows()).write(to: seedFile)
        let arguments = ["--db", location, "--users", usersFile.path, "--seed", seedFile.path]

        var server = try await ServerProcess.start(arguments)
        defer { server.stop() }   // the one running when the test ends
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let w1 = try Laptop("w1", user: DemoUsers.wang, serverURL: server.url, directory: directory, clock: ManualClock(now))
        let z1 = try Laptop("z1", user: DemoUsers.zhao, serverURL: server.url, directory: directory, clock: ManualClock(now))
        try await w1.sync()
        try await z1.sync()
        let poolLead = RowID("lead-pool-hd-1"), trial = RowID("ts-coding-sat")
        let start = 1_788_400_800_000 as Int64
        let customer = try w1.replica.create(EntityName("customer"), values: [FieldName("name"): .text("王家"), FieldName("customer_type"): .text("family")],
                                             now: w1.clock.now)
        let student = try w1.replica.create(EntityName("student"), values: [FieldName("customer_id"): .text(customer.rawValue), FieldName("name"): .text("小明")],
                                            now: w1.clock.now)
        let appointment = try w1.replica.create(EntityName("appointment"), values: [
            FieldName("kind"): .text("trial_class"), FieldName("customer_id"): .text(customer.rawValue), FieldName("student_id"): .text(student.rawValue),
            FieldName("campus_id"): .text("ou-hd-campus"), FieldName("status"): .text("scheduled"), FieldName("invited_by_id"): .text("u-wang"),
            FieldName("schedule"): .object(["start": .integer(start), "end": .integer(start + 5_400_000)]),
        ], now: w1.clock.now)
        try w1.replica.enqueue(.book, on: EntityName("appointment"), id: appointment, arguments: ["trial_session_id": .text(trial.rawValue)], now: w1.clock.now)
        try w1.replica.enqueue(.claim, on: lead, id: poolLead, arguments: [:], now: w1.clock.now)
        let before = try await w1.sync()
        #expect(before.rejected.isEmpty, "\(before.rejected)")
        #expect(try w1.replica.row(session, id: trial)?.values[FieldName("booked_count")] == .integer(1))
        #expect(try w1.lead(poolLead)?.values[FieldName("pool_state")] == .text("private"))
        #expect(server.stop() == 0)

        // The operator edits the seed file: the session gets two more seats.
        var rows = try DemoOrganisation.rows()
        let index = try #require(rows.firstIndex { $0.id == trial })
        rows[index].values["capacity"] = .integer(14)
        try JSONEncoder().encode(rows).write(to: seedFile)
        server = try await ServerProcess.start(arguments)
        for laptop in [w1, z1] {
            try await laptop.sync(through: laptop.transport(to: server.url))
        }

        let seats = try #require(try w1.replica.row(session, id: trial))
        #expect(seats.values[FieldName("booked_count")] == .integer(1), "the booking made since the seed stays (R-15.1)")
        #expect(seats.values[FieldName("capacity")] == .integer(14), "a value the seed file set last follows the file")
        let claimed = try #require(try w1.lead(poolLead))
        #expect(claimed.values[FieldName("owner_id")] == .text("u-wang"))
        #expect(claimed.values[FieldName("pool_state")] == .text("private"), "the claim stays: the lead is not back in the pool")
        #expect(claimed.values[FieldName("mobile")] == .text("13700007001"), "an owner reads the mobile a pool row hides")
        #expect(try z1.lead(poolLead).map { $0.values[FieldName("pool_state")] } != .text("public"))

        try z1.replica.enqueue(.claim, on: lead, id: poolLead, arguments: [:], now: z1.clock.now)
        let taken = try await z1.sync(through: z1.transport(to: server.url))
        #expect(taken.rejected.map(\.code?.rawValue) == ["pool.already_claimed"],
                "Zhao cannot take Wang's lead: \(taken.rejected)")
    }
}
