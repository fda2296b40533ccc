import Foundation

/// What to measure and how big: the full run is for people (100k leads, 3 runs); `quick` is
/// the short mode CI runs so the program cannot rot.
public struct BenchConfiguration: Sendable {
    /// Leads in the data set (follow-ups come on top, `followUpsPerLead` per lead).
    public var leadCount: Int
    /// Average follow-up records per lead.
    public var followUpsPerLead: Double
    /// Runs per scenario; the median is reported.
    public var runs: Int
    /// The scenarios to run, in the numbering.
    public var scenarios: Set<ScenarioID>
    /// Field changes pushed to existing rows per S2 run (and pulled per S4 run).
    public var changesPerRun: Int
    /// Local edits per S5 run.
    public var localEditsPerRun: Int
    /// Concurrent clients in S6, and one-change pushes each makes per run.
    public var pushClients: Int
    public var pushesPerClient: Int
    /// Replicas in the S8 storm, and field changes each makes offline.
    public var stormReplicas: Int
    public var stormChangesPerReplica: Int
    /// The generator's seed.
    public var seed: UInt64
    /// How to run the server.
    public var server: ServerLaunch
    /// Whether S3 and S6pg run, on a throw-away PostgreSQL cluster.
    public var postgres: PostgresUse
    /// Where temporary files go (a fresh directory is made inside and removed at the end).
    public var workRoot: URL
    /// Keep the files after the run (for inspection or profiling).
    public var keepFiles: Bool

    /// The full run of issue 7: 100k leads, 3 runs, every scenario.
    public static var full: BenchConfiguration {
        BenchConfiguration(
            leadCount: 100_000, followUpsPerLead: 0.2, runs: 3, scenarios: Set(ScenarioID.allCases),
            changesPerRun: 100_000, localEditsPerRun: 2_000, pushClients: 8, pushesPerClient: 250,
            stormReplicas: 30, stormChangesPerReplica: 3_000, seed: 20_251_125,
            server: .automatic, postgres: .automatic, workRoot: FileManager.default.temporaryDirectory, keepFiles: false)
    }

    /// The short mode: 10k leads, one run, smaller S5/S6 loops.
    public static var quick: BenchConfiguration {
        var configuration = full
        configuration.leadCount = 10_000
        configuration.changesPerRun = 10_000
        configuration.runs = 1
        configuration.localEditsPerRun = 300
        configuration.pushesPerClient = 40
        return configuration
    }

    /// The users the server knows: one per storm replica, at least one per S6 client.
    var userCount: Int { max(stormReplicas, pushClients, 2) }
}

/// How the bench gets a sync server.
public enum ServerLaunch: Sendable, Equatable {
    /// The `outpost-server` executable next to the bench's own executable (or at
    /// `OUTPOST_SERVER` when set); fail when it cannot be found.
    case automatic
    /// This executable, launched as a separate process.
    case executable(URL)
    /// In this process (only when no server executable was built; marked in the report).
    case inProcess
}

/// Whether the bench measures the PostgreSQL store (S3, S6pg). A skipped PostgreSQL run is
/// always named in the report, with the reason; it is never left out silently.
public enum PostgresUse: Sendable, Equatable {
    /// When `initdb` and `pg_ctl` are found (`PG_BIN`, or /usr/lib/postgresql/*/bin).
    case automatic
    /// Always; the bench fails when PostgreSQL cannot start.
    case required
    /// Never (S3 and S6pg are reported as skipped).
    case off
}

/// The scenarios of issue 7.
public enum ScenarioID: String, CaseIterable, Codable, Sendable, Comparable {
    case s1 = "S1", s2 = "S2", s3 = "S3", s4 = "S4", s5 = "S5", s6 = "S6", s7 = "S7", s8 = "S8"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
