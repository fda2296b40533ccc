import Foundation
import OutpostReplica

extension BenchSession {
    /// S1: a fresh replica file bootstraps every row over HTTP (pages of 1,000, gzip), timed
    /// from the handshake to the end of the sync. The replica is kept for S4, S5, S7 and S8.
    func bootstrapReplica(run: Int) async throws {
        let server = try mainServer
        let name = "replica-\(run + 1)"
        let user = users.all[run % users.all.count]
        let replica = try Replica(path: path(name + ".sqlite"))
        _ = try replica.configure(serverURL: server.url, userID: user.id, token: user.token)
        let (engine, transport) = try engine(for: replica)
        let seconds = try await Measure.seconds { _ = try await engine.sync() }
        let settle = settleLog(of: replica, scenario: "S1")
        let counts = transport.snapshot
        let serverRows = try DatabaseDigest.rowCount(path: try mainServer.databasePath)
        guard counts.pulledRows == serverRows else {
            throw BenchError.correctness("\(name) bootstrapped \(counts.pulledRows) rows, the server holds \(serverRows)")
        }
        // Per row of the data set, as the baseline inserts them (the server's ownership events come along).
        record("S1", Double(dataset.rowCount) / seconds)
        details["S1", default: [:]]["pages"] = Double(counts.pages)
        replicas.append((name, replica))
        Progress.say("S1 run \(run + 1): \(counts.pulledRows) rows in \(String(format: "%.2f", seconds)) s "
                     + "(\(Int(Double(counts.pulledRows) / seconds)) rows/s, \(counts.pages) pages; log settled \(settle))")
    }

    /// S4: the replica bootstrapped in this run pulls the field changes S2 just pushed
    /// ("made elsewhere"), timed over the whole sync.
    func pullFieldChanges(run: Int) async throws {
        let (name, replica) = replicas[run]
        let (engine, transport) = try engine(for: replica)
        let seconds = try await Measure.seconds { _ = try await engine.sync() }
        let settle = settleLog(of: replica, scenario: "S4")
        let counts = transport.snapshot
        record("S4", Double(counts.pulledFields) / seconds)
        details["S4", default: [:]]["fieldsPulledLastRun"] = Double(counts.pulledFields)
        Progress.say("S4 run \(run + 1): \(name) pulled \(counts.pulledFields) field changes (\(counts.pulledRows) rows) in "
                     + "\(String(format: "%.2f", seconds)) s (\(Int(Double(counts.pulledFields) / seconds)) changes/s; log settled \(settle))")
    }

    /// Waits, untimed, for the replica's background checkpoint of what the sync wrote, so the
    /// next scenario starts on a quiet disk; the wait is reported beside the scenario.
    /// - Returns: the wait, for the progress line.
    private func settleLog(of replica: Replica, scenario: String) -> String {
        let started = Measure.now()
        replica.checkpointLog()
        let seconds = Measure.now() - started
        details[scenario, default: [:]]["logSettleSecondsLastRun"] = seconds
        return "\(String(format: "%.2f", seconds)) s after"
    }
}
