import Foundation
import OutpostCore
import OutpostDomain
import OutpostReplica
import OutpostServer

/// The state of one bench run, shared by the scenario steps (`BenchSession+*.swift`): the data
/// set, the users, the working directory, the running server, the replicas made so far, and
/// the figures collected. Used from one task at a time.
final class BenchSession {
    let configuration: BenchConfiguration
    let dataset: BenchDataset
    let users: BenchUsers
    let directory: URL
    let launcher: ServerLauncher
    /// The main server (default durability), started by `startServer()`.
    var server: (any BenchServer)?
    /// Replicas bootstrapped by S1, one per run: `replica-1`, `replica-2`…
    var replicas: [(name: String, replica: Replica)] = []
    /// The storm replicas of the last S8 run.
    var stormReplicas: [(name: String, replica: Replica)] = []
    /// The current clock of each lead field S2 wrote (the base of the next write).
    var clockBook: ClockBook
    /// The throw-away PostgreSQL cluster (S3, S6pg), its server, and the clocks S3 wrote there.
    var postgres: BenchPostgres?
    var postgresServer: (any BenchServer)?
    var postgresClockBook: ClockBook
    /// The replica bootstrapped from the PostgreSQL server for the correctness check.
    var postgresReplica: (name: String, replica: Replica)?
    /// Why S3 and S6pg were not measured (nil when they were, or were not asked for).
    var postgresSkipReason: String?
    /// "PostgreSQL 15.x", for the report.
    var postgresVersion: String?
    /// The plain SQLite file of the first baseline run (S7's size baseline).
    var plainFileBytes: Int64 = 0
    /// Baseline figures per run, by name.
    var baselineRuns: [String: (unit: String, runs: [Double])] = [:]
    var baselineOrder: [String] = []
    var scenarios: [ScenarioResult] = []
    var setupSeconds: [String: Double] = [:]
    /// Outpost's figure per run, by scenario key ("S1", "S2-store"…).
    var figures: [String: [Double]] = [:]
    /// Every latency measured per scenario key (S5 edits, S6 pushes), in seconds.
    var latencies: [String: [Double]] = [:]
    /// The baseline run measured next to each run of a scenario, by scenario key.
    var pairedBaselines: [String: [Double]] = [:]
    /// Other figures per scenario key (latency percentiles, conflicts logged…), summed or last.
    var details: [String: [String: Double]] = [:]

    init(configuration: BenchConfiguration, directory: URL) throws {
        self.configuration = configuration
        self.directory = directory
        users = BenchUsers(count: configuration.userCount, seed: configuration.seed)
        let generation = Measure.now()
        dataset = BenchDataset.generate(leadCount: configuration.leadCount, followUpsPerLead: configuration.followUpsPerLead,
                                        userCount: users.all.count, seed: configuration.seed)
        clockBook = ClockBook(dataset: dataset, users: users)
        postgresClockBook = clockBook
        let usersFile = directory.appendingPathComponent("users.json")
        try users.writeUsersFile(to: usersFile)
        launcher = ServerLauncher(launch: configuration.server, usersFile: usersFile, users: users)
        setupSeconds["generate data set"] = Measure.now() - generation
    }

    /// Whether `scenario` was asked for.
    func wants(_ scenario: ScenarioID) -> Bool { configuration.scenarios.contains(scenario) }

    /// The path of a file in the working directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The running main server.
    var mainServer: any BenchServer {
        get throws {
            guard let server else { throw BenchError.serverDidNotStart(reason: "the main server was not started") }
            return server
        }
    }

    /// Records one run of a baseline, optionally as the pair of the next run of the scenarios `keys`.
    func recordBaseline(_ name: String, unit: String, _ value: Double, pairedWith keys: [String] = []) {
        if baselineRuns[name] == nil {
            baselineRuns[name] = (unit, [])
            baselineOrder.append(name)
        }
        baselineRuns[name]?.runs.append(value)
        for key in keys { pairedBaselines[key, default: []].append(value) }
    }

    /// The runs of a baseline (empty when it was not measured).
    func baseline(_ name: String) -> [Double] { baselineRuns[name]?.runs ?? [] }

    /// A sync engine for `replica` over real HTTP, counting what it moves.
    func engine(for replica: Replica) throws -> (SyncEngine, CountingTransport) {
        let settings = try replica.settings()
        let transport = CountingTransport(HTTPSyncTransport(baseURL: settings.serverURL, token: settings.token, timeout: 300))
        return (SyncEngine(replica: replica, transport: transport, pushBatchSize: 1000, pageSize: 1000), transport)
    }

    /// Records one run of a scenario.
    func record(_ key: String, _ value: Double) {
        figures[key, default: []].append(value)
    }

    /// Adds setup time under `label`.
    func addSetup(_ label: String, _ seconds: Double) {
        setupSeconds[label, default: 0] += seconds
    }
}

/// Names of the baselines, as they appear in the report.
enum BaselineName {
    static let bulkInsert = "bulk insert, one transaction"
    static let fieldUpdates = "single-field UPDATE by id, one transaction"
    static let commitsNormal = "one-row commits, WAL synchronous=NORMAL"
    static let commitsFull = "one-row commits, WAL synchronous=FULL"
    static let plainFile = "plain SQLite file of the same rows"
    static let plainJSON = "gzip of the plain JSON rows"
    static let stagedUpsert = "PostgreSQL: COPY into a staged table + upsert"
    static let durableCommits = "PostgreSQL: one-row commits, synchronous_commit=on"
}
