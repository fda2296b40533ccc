import Foundation
import OutpostReplica

extension BenchSession {
    /// The database the PostgreSQL-backed server uses, and the one holding the plain baseline table.
    static let postgresStoreDatabase = "outpost_bench"
    static let postgresPlainDatabase = "plain_bench"

    /// Whether S3 or S6pg was asked for.
    var wantsPostgres: Bool { wants(.s3) || wants(.s6) }

    /// Starts the throw-away cluster, launches `outpost-server --db postgres://…` on it as a
    /// separate process, seeds it with the same rows as the SQLite server (over HTTP, the same
    /// pushes), and loads the plain baseline table. Sets `postgresSkipReason` instead when
    /// PostgreSQL is off or missing (unless it is required).
    func startPostgres() async throws {
        guard wantsPostgres else { return }
        if configuration.postgres == .off {
            postgresSkipReason = "skipped: PostgreSQL was turned off (--no-postgres)"
            return
        }
        if configuration.server == .inProcess {
            postgresSkipReason = "skipped: the in-process server fallback serves SQLite only; build outpost-server to measure PostgreSQL"
            return
        }
        guard let binaries = BenchPostgres.serverBinaries() else {
            let reason = "no PostgreSQL server found (initdb and pg_ctl in PG_BIN or /usr/lib/postgresql/*/bin)"
            if configuration.postgres == .required { throw BenchError.postgresDidNotStart(step: "finding PostgreSQL", log: reason) }
            postgresSkipReason = "skipped: \(reason); apt-get install postgresql to measure it"
            return
        }
        let started = Measure.now()
        let cluster = try BenchPostgres.start(binaries: binaries, in: directory)
        postgres = cluster
        postgresVersion = try await cluster.version()
        try await cluster.createDatabase(Self.postgresStoreDatabase)
        try await cluster.createDatabase(Self.postgresPlainDatabase)
        postgresServer = try await launcher.start(databasePath: cluster.url(database: Self.postgresStoreDatabase), durability: .full,
                                                  logDirectory: directory, label: "server-postgres")
        addSetup("start PostgreSQL and its server", Measure.now() - started)
        Progress.say("PostgreSQL server at \(try postgresServerOrThrow.url.absoluteString) (\(postgresVersion ?? ""), port \(cluster.port))")
        try await seedServer(try postgresServerOrThrow, label: "seed PostgreSQL server")
        let loading = Measure.now()
        try await cluster.withConnection(database: Self.postgresPlainDatabase) { connection in
            try await RawPostgresBaseline.load(dataset, on: connection)
        }
        addSetup("load PostgreSQL baseline table", Measure.now() - loading)
    }

    /// Stops the PostgreSQL-backed server and the cluster (safe to call twice).
    func stopPostgres() async {
        postgresReplica = nil
        await postgresServer?.stop()
        postgresServer = nil
        postgres?.stop()
        postgres = nil
    }

    /// S3, run `run`: S2's pushes (the same changes, batches of 1,000, over HTTP, one after
    /// the other) to the PostgreSQL-backed server, after its baseline: the same changes COPYed
    /// into a staged table and upserted into `plain_lead` in one statement.
    func pushFieldChangesToPostgres(run: Int) async throws {
        guard let cluster = postgres else { return }
        let updates = Workloads.fieldUpdates(dataset, run: run, count: configuration.changesPerRun)
        let baselineSeconds = try await cluster.withConnection(database: Self.postgresPlainDatabase) { connection in
            try await RawPostgresBaseline.stagedUpsert(updates, on: connection)
        }
        let baselineRate = Double(updates.count) / baselineSeconds
        recordBaseline(BaselineName.stagedUpsert, unit: "changes/s", baselineRate, pairedWith: ["S3"])
        Progress.say("baseline: PostgreSQL staged upsert \(Int(baselineRate)) changes/s")

        let user = users.all[run % users.all.count]
        let requests = fieldChangePushes(run: run, now: Int64(Date().timeIntervalSince1970 * 1000), book: &postgresClockBook)
        let changes = requests.reduce(0) { $0 + $1.changes.count }
        let (seconds, conflicts) = try await timedPushes(requests, to: try postgresServerOrThrow, as: user, scenario: "S3")
        record("S3", Double(changes) / seconds)
        details["S3", default: [:]]["conflictsLoggedLastRun"] = Double(conflicts)
        Progress.say("S3 run \(run + 1): \(changes) changes in \(String(format: "%.2f", seconds)) s "
                     + "(\(Int(Double(changes) / seconds)) changes/s, \(conflicts) conflicts logged)")
    }

    /// S6pg: S6's clients and pushes against the PostgreSQL-backed server (synchronous_commit
    /// on), each run after its baseline: as many durable one-row commits through postgres-nio.
    func measureDurablePushesToPostgres() async throws {
        guard let cluster = postgres else { return }
        let server = try postgresServerOrThrow
        var allLatencies: [Double] = []
        for run in 0..<configuration.runs {
            let edits = Workloads.localEdits(dataset, run: run, count: configuration.pushClients * configuration.pushesPerClient, seed: 0xBA5E_0066)
            let commits = try await cluster.withConnection(database: Self.postgresPlainDatabase) { connection in
                try await RawPostgresBaseline.durableCommits(edits, on: connection)
            }
            let rate = Double(commits.count) / commits.reduce(0, +)
            recordBaseline(BaselineName.durableCommits, unit: "commits/s", rate, pairedWith: ["S6pg"])
            recordBaseline(BaselineName.durableCommits + ", p99", unit: "ms", Measure.percentile(commits, 0.99) * 1000)
            Progress.say("baseline: PostgreSQL durable one-row commits \(Int(rate)) commits/s, "
                         + "p99 \(String(format: "%.3f", Measure.percentile(commits, 0.99) * 1000)) ms")
            allLatencies += try await durablePushRun(run: run, server: server, scenario: "S6pg")
        }
        details["S6pg", default: [:]]["p50Milliseconds"] = Measure.percentile(allLatencies, 0.5) * 1000
        details["S6pg", default: [:]]["p99Milliseconds"] = Measure.percentile(allLatencies, 0.99) * 1000
        details["S6pg", default: [:]]["clients"] = Double(configuration.pushClients)
    }

    /// The closing check for PostgreSQL: a new replica bootstraps from the PostgreSQL-backed
    /// server, and its digest and the digest read from the server's tables must agree (and
    /// hold every row of the data set).
    func checkPostgresCorrectness() async throws -> [BenchReport.Correctness] {
        guard let cluster = postgres else { return [] }
        let server = try postgresServerOrThrow
        let name = "replica-postgres"
        let user = users.all[0]
        let replica = try Replica(path: path(name + ".sqlite"))
        _ = try replica.configure(serverURL: server.url, userID: user.id, token: user.token)
        let (engine, _) = try engine(for: replica)
        _ = try await engine.sync()
        postgresReplica = (name, replica)
        let serverDigest = try await cluster.withConnection(database: Self.postgresStoreDatabase) { connection in
            try await DatabaseDigest.of(postgres: connection)
        }
        var entries = [BenchReport.Correctness(database: "server-postgres", rowCounts: serverDigest.rowCounts,
                                               checksum: serverDigest.checksum, matchesServer: true)]
        if !holdsDataset(serverDigest.rowCounts) {
            entries[0].matchesServer = false   // the server lost or invented rows
        }
        let replicaDigest = try DatabaseDigest.of(path: path(name + ".sqlite"))
        entries.append(BenchReport.Correctness(database: name, rowCounts: replicaDigest.rowCounts, checksum: replicaDigest.checksum,
                                               matchesServer: replicaDigest == serverDigest))
        return entries
    }

    /// Whether a server's row counts hold the data set: its leads and follow-ups, and at least
    /// one ownership event per lead. Rows the server's rules derive may come on top (suspected
    /// duplicates when two leads share a mobile; when they also share an owner, a merge: a
    /// `merge` ownership event and an audit entry, 2 of each at 100k leads); replicas must
    /// still match the server exactly.
    func holdsDataset(_ rowCounts: [String: Int]) -> Bool {
        rowCounts["lead"] == dataset.leads.count && rowCounts["follow_up"] == dataset.followUps.count
            && rowCounts["ownership_event", default: 0] >= dataset.leads.count
    }

    /// How the PostgreSQL-backed server ran, or why it did not, for the report.
    var postgresDescription: String {
        if let postgresSkipReason { return postgresSkipReason }
        guard let postgresVersion else { return wantsPostgres ? "not started" : "not asked for (S3 and S6 not selected)" }
        return "separate process on a throw-away cluster in the working directory (\(postgresVersion), 127.0.0.1, "
            + "fsync=on, synchronous_commit=on; baselines through postgres-nio on the same cluster)"
    }

    private var postgresServerOrThrow: any BenchServer {
        get throws {
            guard let postgresServer else { throw BenchError.serverDidNotStart(reason: "the PostgreSQL-backed server was not started") }
            return postgresServer
        }
    }
}
