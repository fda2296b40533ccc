import Foundation
import GRDB
import OutpostDomain
import OutpostServer

/// Runs the benchmark of issue 7 and returns its report.
///
/// Order: generate the data set → start `outpost-server` and seed it over HTTP → S7 wire
/// bytes → per run: S1 bootstrap, S2 push, S4 pull → start a throw-away PostgreSQL cluster and
/// a PostgreSQL-backed `outpost-server`, seed it → per run: S3 push → S5 local edits → S7
/// replica file → S6 durable pushes (second server process), S6pg (the PostgreSQL server) →
/// S8 morning storm → every replica syncs once more and is checked against the server; a new
/// replica bootstraps from the PostgreSQL server and is checked against its tables. Each scenario run follows a run of its raw-SQLite
/// baseline on the same rows (`BenchSession+Baselines.swift`).
public enum BenchRunner {
    /// The `outpost-server` executable `ServerLaunch.automatic` would start, if there is one.
    public static var serverExecutable: URL? { ServerLauncher.locateServerExecutable() }

    /// Runs the scenarios of `configuration`.
    /// - Throws: `BenchError` when the server cannot start, answers wrongly, or a replica
    ///   fails to converge during S8.
    public static func run(_ configuration: BenchConfiguration) async throws -> BenchReport {
        let startedAt = ISO8601DateFormatter().string(from: Date())
        let wallStart = Measure.now()
        let directory = configuration.workRoot.appendingPathComponent("outpost-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        Progress.say("working in \(directory.path)")
        let session = try BenchSession(configuration: configuration, directory: directory)
        let correctness: [BenchReport.Correctness]
        do {
            correctness = try await runScenarios(session)
        } catch {
            await session.server?.stop()
            await session.stopPostgres()
            cleanUp(directory, keep: configuration.keepFiles)
            throw error
        }
        await session.server?.stop()
        await session.stopPostgres()
        let report = BenchReport(
            startedAt: startedAt, machine: machine(build: buildKind), dataSet: [
                "leads": session.dataset.leads.count, "followUps": session.dataset.followUps.count, "runs": configuration.runs,
                "changesPerRun": configuration.changesPerRun, "localEditsPerRun": configuration.localEditsPerRun,
                "pushClients": configuration.pushClients, "pushesPerClient": configuration.pushesPerClient,
                "stormReplicas": configuration.stormReplicas, "stormChangesPerReplica": configuration.stormChangesPerReplica,
            ],
            server: session.server?.launchDescription ?? "not started",
            postgres: session.postgresDescription,
            baselines: session.baselineOrder.map { name in
                let entry = session.baselineRuns[name]!
                return BenchReport.Baseline(name: name, unit: entry.unit, runs: entry.runs, median: Measure.median(entry.runs))
            },
            scenarios: ScenarioCatalog.results(for: session), correctness: correctness,
            setupSeconds: session.setupSeconds, totalSeconds: Measure.now() - wallStart)
        session.replicas = []
        session.stormReplicas = []
        cleanUp(directory, keep: configuration.keepFiles)
        return report
    }

    // MARK: - Private

    private static func runScenarios(_ session: BenchSession) async throws -> [BenchReport.Correctness] {
        let configuration = session.configuration
        let needsReplica = [ScenarioID.s1, .s4, .s5, .s7, .s8].contains(where: session.wants)
        let needsPushes = session.wants(.s2) || session.wants(.s4)
        try await session.startServer()
        try await session.seedServer()
        if session.wants(.s7) {
            try await session.measureBootstrapBytes()
        }
        let storeCopy = session.wants(.s2)
            ? try SQLiteChangeStore(path: try session.copyServerStore(to: "server-s2-store.sqlite"), schema: OutpostSchema.current)
            : nil
        for run in 0..<configuration.runs {
            let plainFile = try session.measureBulkInsert(run: run)
            if needsReplica, run == 0 || session.wants(.s1) || session.wants(.s4) {
                try await session.bootstrapReplica(run: run)
            }
            if needsPushes {
                try session.measureFieldUpdates(run: run, file: plainFile, pairedWith: ["S2", "S4"])
                try await session.pushFieldChanges(run: run, storeCopy: storeCopy)
            }
            if session.wants(.s4) {
                try await session.pullFieldChanges(run: run)
            }
            if run > 0 {
                try? FileManager.default.removeItem(atPath: plainFile)   // best effort: the directory goes at the end
            }
        }
        if session.wantsPostgres {
            try await session.startPostgres()
        }
        if session.wants(.s3) {
            for run in 0..<configuration.runs {
                try await session.pushFieldChangesToPostgres(run: run)
            }
            // Untimed: S5 must not share the cores with the cluster's cleanup of S3's writes.
            try await session.postgres?.settle(databases: [BenchSession.postgresStoreDatabase, BenchSession.postgresPlainDatabase])
        }
        if session.wants(.s5) {
            for run in 0..<configuration.runs {
                try session.measureOneRowCommits(run: run, durability: "NORMAL", count: configuration.localEditsPerRun, pairedWith: "S5")
                try session.measureLocalEdits(run: run)
            }
        }
        if session.wants(.s7) {
            try session.measureReplicaFile()
        }
        if session.wants(.s6) {
            try await session.measureDurablePushes()
            try await session.measureDurablePushesToPostgres()
        }
        if session.wants(.s8) {
            for run in 0..<configuration.runs {
                try session.measureFieldUpdates(run: 100 + run, file: session.path("plain-1.sqlite"), pairedWith: ["S8"])
                try await session.runMorningStorm(run: run)
            }
        }
        return try await session.checkCorrectness()
    }

    private static func cleanUp(_ directory: URL, keep: Bool) {
        if keep {
            Progress.say("files kept in \(directory.path)")
        } else {
            try? FileManager.default.removeItem(at: directory)   // best effort: it is under the temporary directory
        }
    }

    private static var buildKind: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    private static func machine(build: String) -> BenchReport.Machine {
        let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let modelLine = cpuInfo.split(separator: "\n").first { $0.hasPrefix("model name") }
        let model = modelLine?.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces)
        let sqlite = (try? DatabaseQueue().read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") }) ?? nil
        return BenchReport.Machine(
            cpu: model ?? "unknown CPU", cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824,
            kernel: ProcessInfo.processInfo.operatingSystemVersionString, sqliteVersion: sqlite ?? "unknown", build: build)
    }
}
