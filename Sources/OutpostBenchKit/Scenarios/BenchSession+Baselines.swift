import Foundation

extension BenchSession {
    /// Measures the raw-SQLite baselines, `runs` times each, on fresh files in the working
    /// directory: bulk insert of every row, the S2 single-field updates, and the S5 edits as
    /// one-row commits under NORMAL and FULL.
    func measureBaselines() throws {
        let rows = Double(dataset.rowCount)
        for run in 0..<configuration.runs {
            let file = path("plain-\(run + 1).sqlite")
            let insert = try RawSQLiteBaseline.bulkInsert(dataset, path: file)
            recordBaseline(BaselineName.bulkInsert, unit: "rows/s", rows / insert)
            if run == 0 {
                plainFileBytes = try RawSQLiteBaseline.checkpointedSize(of: file)
            }
            let updates = Workloads.fieldUpdates(dataset, run: run, count: configuration.changesPerRun)
            let updateSeconds = try RawSQLiteBaseline.singleFieldUpdates(updates, path: file)
            recordBaseline(BaselineName.fieldUpdates, unit: "changes/s", Double(updates.count) / updateSeconds)

            let edits = Workloads.localEdits(dataset, run: run, count: configuration.localEditsPerRun)
            let normal = try RawSQLiteBaseline.oneRowCommits(edits, path: file, durability: "NORMAL")
            recordBaseline(BaselineName.commitsNormal, unit: "commits/s", Double(normal.count) / normal.reduce(0, +))
            recordBaseline(BaselineName.commitsNormal + " p99", unit: "ms", Measure.percentile(normal, 0.99) * 1000)
            let durableEdits = Workloads.localEdits(dataset, run: run, count: configuration.pushClients * configuration.pushesPerClient,
                                                    seed: 0xBA5E_0006)
            let full = try RawSQLiteBaseline.oneRowCommits(durableEdits, path: file, durability: "FULL")
            recordBaseline(BaselineName.commitsFull, unit: "commits/s", Double(full.count) / full.reduce(0, +))
            recordBaseline(BaselineName.commitsFull + " p99", unit: "ms", Measure.percentile(full, 0.99) * 1000)
            Progress.say("baselines run \(run + 1): insert \(Int(rows / insert)) rows/s, update \(Int(Double(updates.count) / updateSeconds)) changes/s, "
                         + "NORMAL \(Int(Double(normal.count) / normal.reduce(0, +))) commits/s, FULL \(Int(Double(full.count) / full.reduce(0, +))) commits/s")
            if run > 0 { try? FileManager.default.removeItem(atPath: file) }   // best effort: the directory goes at the end anyway
        }
    }
}
