import Foundation

/// Everything one run of `outpost-bench` measured: the machine, the set-up, the baselines, the
/// scenarios and the correctness check. Encodes to the `--json` file.
public struct BenchReport: Codable, Sendable {
    /// The machine and build the figures come from.
    public struct Machine: Codable, Sendable {
        public var cpu: String
        public var cores: Int
        public var memoryGiB: Double
        public var kernel: String
        public var sqliteVersion: String
        public var build: String
    }

    /// A baseline and its figure per run.
    public struct Baseline: Codable, Sendable {
        public var name: String
        public var unit: String
        public var runs: [Double]
        public var median: Double
    }

    /// The digest of one database and whether it equals the server's.
    public struct Correctness: Codable, Sendable {
        public var database: String
        public var rowCounts: [String: Int]
        public var checksum: String
        public var matchesServer: Bool
    }

    public var startedAt: String
    public var machine: Machine
    /// Leads, follow-ups, runs and the sizes of each scenario's loops.
    public var dataSet: [String: Int]
    /// How the sync server ran.
    public var server: String
    /// How the PostgreSQL-backed server ran (S3, S6pg), or why it did not.
    public var postgres: String
    public var baselines: [Baseline]
    public var scenarios: [ScenarioResult]
    public var correctness: [Correctness]
    /// Seconds spent in set-up steps that are not scenarios (seeding the server, copies).
    public var setupSeconds: [String: Double]
    public var totalSeconds: Double

    /// Whether every replica matched the server.
    public var isCorrect: Bool { !correctness.isEmpty && correctness.allSatisfy(\.matchesServer) }

    /// The report as pretty JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
