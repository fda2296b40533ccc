import ArgumentParser
import Foundation
import OutpostBenchKit

/// `outpost-bench`: measures Outpost's sync against raw SQLite on the same machine, in the
/// same run (issue 7), and prints a table of ratios.
///
/// ```
/// swift build -c release && .build/release/outpost-bench             # the full run: 100k leads, 3 runs
/// .build/release/outpost-bench --quick                                # 10k leads, one run
/// .build/release/outpost-bench --scenario S1,S4 --runs 5 --json bench.json
/// ```
@main
struct OutpostBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outpost-bench",
        abstract: "Measure Outpost's sync speed as ratios to raw SQLite, on this machine, in one run.",
        discussion: """
            The sync server runs as a separate process: the outpost-server executable next to this one \
            (build both with `swift build -c release`), or the one OUTPOST_SERVER names. See BENCHMARKS.md.
            """)

    @Flag(help: "The short mode: 10k leads, one run (what CI runs).")
    var quick = false

    @Option(help: "Runs per scenario; the median is reported (default 3, or 1 with --quick).")
    var runs: Int?

    @Option(help: "Leads in the data set (default 100000, or 10000 with --quick); follow-ups come on top.")
    var rows: Int?

    @Option(help: ArgumentHelp("Also write the report as JSON to this file.", valueName: "path"))
    var json: String?

    @Option(help: ArgumentHelp("Only these scenarios, comma-separated (S1,S2,…,S8).", valueName: "list"))
    var scenario: String?

    @Option(help: "Replicas in the S8 storm (default 30).")
    var stormReplicas: Int?

    @Option(help: "Field changes each storm replica makes offline (default 3000).")
    var stormChanges: Int?

    @Flag(help: "Run the server inside this process when no outpost-server executable is at hand (marked in the report).")
    var inProcessServer = false

    @Flag(help: "Require PostgreSQL for S3 and S6pg (fail when it cannot start). By default they run when initdb and pg_ctl are found in PG_BIN or /usr/lib/postgresql/*/bin, and are reported as skipped otherwise.")
    var postgres = false

    @Flag(help: "Skip S3 and S6pg (reported as skipped).")
    var noPostgres = false

    @Option(help: ArgumentHelp("Where to make the temporary working directory.", valueName: "path"))
    var workDirectory: String?

    @Flag(help: "Keep the working directory (databases, server logs) after the run.")
    var keepFiles = false

    func validate() throws {
        if let runs, runs < 1 { throw ValidationError("--runs must be at least 1 (got \(runs)).") }
        if let rows, rows < 100 { throw ValidationError("--rows must be at least 100 (got \(rows)).") }
        if let stormReplicas, stormReplicas < 1 { throw ValidationError("--storm-replicas must be at least 1.") }
        if let stormChanges, stormChanges < 3 { throw ValidationError("--storm-changes must be at least 3 (one edit writes three fields).") }
        _ = try selectedScenarios()
        if postgres, noPostgres { throw ValidationError("Pass either --postgres or --no-postgres, not both.") }
    }

    func run() async throws {
        var configuration: BenchConfiguration = quick ? .quick : .full
        if let runs { configuration.runs = runs }
        if let rows {
            configuration.leadCount = rows
            configuration.changesPerRun = rows
        }
        if let stormReplicas { configuration.stormReplicas = stormReplicas }
        if let stormChanges { configuration.stormChangesPerReplica = stormChanges }
        if let selected = try selectedScenarios() { configuration.scenarios = selected }
        if postgres { configuration.postgres = .required }
        if noPostgres { configuration.postgres = .off }
        if inProcessServer { configuration.server = .inProcess }
        if let workDirectory { configuration.workRoot = URL(fileURLWithPath: workDirectory) }
        configuration.keepFiles = keepFiles

        let report = try await BenchRunner.run(configuration)
        print(report.renderedTable())
        if let json {
            try report.json().write(to: URL(fileURLWithPath: json))
        }
        guard report.isCorrect else {
            throw ExitCode(2)   // figures from replicas that disagree with the server mean nothing
        }
    }

    private func selectedScenarios() throws -> Set<ScenarioID>? {
        guard let scenario else { return nil }
        var selected = Set<ScenarioID>()
        for name in scenario.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).uppercased() }) where !name.isEmpty {
            guard let id = ScenarioID(rawValue: name) else {
                throw ValidationError("'\(name)' is not a scenario. Pass some of \(ScenarioID.allCases.map(\.rawValue).joined(separator: ",")).")
            }
            selected.insert(id)
        }
        guard !selected.isEmpty else { throw ValidationError("--scenario lists no scenario. Pass for example --scenario S1,S4.") }
        return selected
    }
}
