import Foundation
import OutpostDomain
import OutpostReplica

extension BenchSession {
    /// S5: local edits on the first replica (it holds every row): one lead, three fields, with
    /// their journal entries, one transaction each (`Replica.update`), timed one by one.
    func measureLocalEdits(run: Int) throws {
        let replica = replicas[0].replica
        let edits = Workloads.localEdits(dataset, run: run, count: configuration.localEditsPerRun)
        var latencies: [Double] = []
        latencies.reserveCapacity(edits.count)
        let seconds = try Measure.seconds {
            for edit in edits {
                let values = Dictionary(uniqueKeysWithValues: edit.values.map { ($0.field, $0.value) })
                let start = Measure.now()
                try replica.update(OutpostSchema.lead.name, id: edit.id, values: values)
                latencies.append(Measure.now() - start)
            }
        }
        record("S5", Double(edits.count) / seconds)
        self.latencies["S5", default: []] += latencies
        let all = self.latencies["S5"]!
        details["S5", default: [:]]["p50Milliseconds"] = Measure.percentile(all, 0.5) * 1000
        details["S5", default: [:]]["p99Milliseconds"] = Measure.percentile(all, 0.99) * 1000
        Progress.say("S5 run \(run + 1): \(edits.count) edits, \(Int(Double(edits.count) / seconds)) edits/s, "
                     + "p50 \(String(format: "%.3f", Measure.percentile(latencies, 0.5) * 1000)) ms, "
                     + "p99 \(String(format: "%.3f", Measure.percentile(latencies, 0.99) * 1000)) ms")
    }
}
