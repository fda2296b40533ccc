import Foundation

extension BenchSession {
    /// Each scenario run is paired with a run of its baseline measured just before it, on the
    /// same rows: on a shared machine the load changes from minute to minute, and a ratio of
    /// two figures taken seconds apart moves far less than either figure.

    /// Bulk insert of every row into a fresh plain file (S1's baseline for run `run`).
    /// - Returns: the plain file, which the other baselines of the run write to.
    func measureBulkInsert(run: Int) throws -> String {
        let file = path("plain-\(run + 1).sqlite")
        let seconds = try RawSQLiteBaseline.bulkInsert(dataset, path: file)
        let rate = Double(dataset.rowCount) / seconds
        recordBaseline(BaselineName.bulkInsert, unit: "rows/s", rate, pairedWith: ["S1"])
        if run == 0 {
            plainFileBytes = try RawSQLiteBaseline.checkpointedSize(of: file)
        }
        Progress.say("baseline run \(run + 1): bulk insert \(Int(rate)) rows/s")
        return file
    }

    /// Single-field updates by id in one transaction: S2's changes of run `run`, on `file`.
    func measureFieldUpdates(run: Int, file: String, pairedWith keys: [String]) throws {
        let updates = Workloads.fieldUpdates(dataset, run: run, count: configuration.changesPerRun)
        let seconds = try RawSQLiteBaseline.singleFieldUpdates(updates, path: file)
        let rate = Double(updates.count) / seconds
        recordBaseline(BaselineName.fieldUpdates, unit: "changes/s", rate, pairedWith: keys)
        Progress.say("baseline: single-field UPDATE \(Int(rate)) changes/s")
    }

    /// One-row commits (the S5 edits of run `run`, or as many as S6 pushes) under
    /// `synchronous = durability`, on the first plain file.
    func measureOneRowCommits(run: Int, durability: String, count: Int, pairedWith key: String) throws {
        let edits = Workloads.localEdits(dataset, run: run, count: count, seed: durability == "FULL" ? 0xBA5E_0006 : 0x5EED_0005)
        let latencies = try RawSQLiteBaseline.oneRowCommits(edits, path: path("plain-1.sqlite"), durability: durability)
        let rate = Double(latencies.count) / latencies.reduce(0, +)
        let name = durability == "FULL" ? BaselineName.commitsFull : BaselineName.commitsNormal
        recordBaseline(name, unit: "commits/s", rate, pairedWith: [key])
        recordBaseline(name + ", p99", unit: "ms", Measure.percentile(latencies, 0.99) * 1000)
        Progress.say("baseline: one-row commits \(durability) \(Int(rate)) commits/s, p99 \(String(format: "%.3f", Measure.percentile(latencies, 0.99) * 1000)) ms")
    }
}
