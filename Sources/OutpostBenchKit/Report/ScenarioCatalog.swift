/// The scenarios of issue 7 with their baselines and targets, turned into report lines from
/// what a session measured.
enum ScenarioCatalog {

    static func results(for session: BenchSession) -> [ScenarioResult] {
        let configuration = session.configuration
        let rows = session.dataset.rowCount
        var results: [ScenarioResult] = []
        func measured(_ key: String) -> [Double] { session.figures[key] ?? [] }
        func detail(_ key: String, _ name: String) -> Double { session.details[key]?[name] ?? 0 }
        func paired(_ key: String) -> [Double] { session.pairedBaselines[key] ?? [] }

        if session.wants(.s1) {
            results.append(ScenarioResult(
                id: "S1", title: "bootstrap \(BenchReport.count(Double(rows))) rows over HTTP (gzip, pages of 1k)",
                unit: "rows/s", runs: measured("S1"), baselineName: "bulk insert", baselineRuns: paired("S1"),
                target: 1.0 / 3, targetText: "≥ 1/3", details: ["pages": detail("S1", "pages")]))
        }
        if session.wants(.s2) {
            let changes = BenchReport.count(Double(configuration.changesPerRun))
            results.append(ScenarioResult(
                id: "S2", title: "server applies \(changes) pushed changes (HTTP, batches 1k)",
                unit: "changes/s", runs: measured("S2"), baselineName: "single-field UPDATE",
                baselineRuns: paired("S2"), target: 1.0 / 4, targetText: "≥ 1/4",
                details: ["conflictsLoggedLastRun": detail("S2", "conflictsLoggedLastRun")],
                notes: ["LWW, change log, conflict log (1 in \(BenchSession.concurrentEvery) changes is concurrent), push results; "
                        + "bodies encoded before timing"]))
            results.append(ScenarioResult(
                id: "S2s", title: "S2 in-process on a store copy (no HTTP/JSON)",
                unit: "changes/s", runs: measured("S2-store"), baselineName: "single-field UPDATE",
                baselineRuns: paired("S2"), target: 1.0 / 4, targetText: "≥ 1/4",
                notes: ["diagnostic: SQLiteChangeStore.apply on the same pushes, to split store cost from HTTP and JSON"]))
        }
        if session.wants(.s3) {
            let title = "S2 on the PostgreSQL store (HTTP, batches 1k)"
            if let reason = session.postgresSkipReason {
                results.append(.skipped(id: "S3", title: title, baselineName: "PG staged upsert", target: 1.0 / 4, targetText: "≥ 1/4", reason: reason))
            } else {
                results.append(ScenarioResult(
                    id: "S3", title: title, unit: "changes/s", runs: measured("S3"), baselineName: "PG COPY+upsert",
                    baselineRuns: paired("S3"), target: 1.0 / 4, targetText: "≥ 1/4",
                    details: ["conflictsLoggedLastRun": detail("S3", "conflictsLoggedLastRun")],
                    notes: ["S2's changes to a PostgreSQL-backed server holding the same base; baseline: COPY into a staged table + one upsert"]))
            }
        }
        if session.wants(.s4) {
            results.append(ScenarioResult(
                id: "S4", title: "replica with the base pulls \(BenchReport.count(Double(configuration.changesPerRun))) changes",
                unit: "changes/s", runs: measured("S4"), baselineName: "single-field UPDATE",
                baselineRuns: paired("S4"), target: 1.0 / 4, targetText: "≥ 1/4"))
        }
        if session.wants(.s5) {
            results.append(ScenarioResult(
                id: "S5", title: "local edit: 1 lead, 3 fields + journal, 1 transaction",
                unit: "edits/s", runs: measured("S5"), baselineName: "1-row commits NORMAL", baselineUnit: "commits/s",
                baselineRuns: paired("S5"), target: 1.0 / 3, targetText: "≥ 1/3",
                checks: [.init(name: "p99", value: detail("S5", "p99Milliseconds"), limit: 1, unit: "ms")],
                details: ["p50Milliseconds": detail("S5", "p50Milliseconds"), "p99Milliseconds": detail("S5", "p99Milliseconds")]))
        }
        if session.wants(.s6) {
            results.append(ScenarioResult(
                id: "S6", title: "1-change pushes, \(configuration.pushClients) clients, server FULL",
                unit: "pushes/s", runs: measured("S6"), baselineName: "1-row commits FULL", baselineUnit: "commits/s",
                baselineRuns: paired("S6"), target: 1.0 / 3, targetText: "≥ 1/3",
                checks: [.init(name: "p99", value: detail("S6", "p99Milliseconds"), limit: 10, unit: "ms")],
                details: ["p50Milliseconds": detail("S6", "p50Milliseconds"), "p99Milliseconds": detail("S6", "p99Milliseconds")]))
            let title = "S6 on the PostgreSQL store (synchronous_commit on)"
            if let reason = session.postgresSkipReason {
                results.append(.skipped(id: "S6pg", title: title, baselineName: "PG durable 1-row commits", target: 1.0 / 3, targetText: "≥ 1/3",
                                        reason: reason))
            } else {
                results.append(ScenarioResult(
                    id: "S6pg", title: title, unit: "pushes/s", runs: measured("S6pg"), baselineName: "PG 1-row commits",
                    baselineUnit: "commits/s", baselineRuns: paired("S6pg"), target: 1.0 / 3, targetText: "≥ 1/3",
                    checks: [.init(name: "p99", value: detail("S6pg", "p99Milliseconds"), limit: 10, unit: "ms")],
                    details: ["p50Milliseconds": detail("S6pg", "p50Milliseconds"), "p99Milliseconds": detail("S6pg", "p99Milliseconds")]))
            }
        }
        if session.wants(.s7) {
            results.append(ScenarioResult(
                id: "S7a", title: "bytes: bootstrap payload (gzip pull pages)",
                unit: "bytes", runs: measured("S7-wire"), baselineName: "gzip plain JSON rows",
                baselineRuns: session.baseline(BaselineName.plainJSON), target: 1.5, direction: .atMost, targetText: "≤ 1.5",
                details: session.details["S7-wire"] ?? [:]))
            results.append(ScenarioResult(
                id: "S7b", title: "bytes: replica file with journal and metadata",
                unit: "bytes", runs: measured("S7-file"), baselineName: "plain SQLite file",
                baselineRuns: session.baseline(BaselineName.plainFile), target: 2, direction: .atMost, targetText: "≤ 2",
                details: session.details["S7-file"] ?? [:]))
        }
        if session.wants(.s8) {
            results.append(ScenarioResult(
                id: "S8", title: "storm: \(configuration.stormReplicas) replicas × \(BenchReport.count(Double(configuration.stormChangesPerReplica))) changes, push+pull",
                unit: "changes/s", runs: measured("S8"), baselineName: "single-field UPDATE",
                baselineRuns: paired("S8"), target: 1.0 / 5, targetText: "≥ 1/5",
                details: session.details["S8"] ?? [:],
                notes: ["aggregate = (changes pushed + field changes pulled by all replicas) ÷ wall time; convergence verified each run"]))
        }
        return results
    }
}
