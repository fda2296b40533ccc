import Foundation

extension BenchSession {
    /// The closing check: every replica syncs once more (pushing any edit still pending), then
    /// the row counts and checksum of every replica file must equal the server's.
    func checkCorrectness() async throws -> [BenchReport.Correctness] {
        let started = Measure.now()
        let everyone = replicas + stormReplicas
        for (_, replica) in everyone {
            let (engine, _) = try engine(for: replica)
            _ = try await engine.sync()
        }
        // A second round: a replica synced early must also see what a later one pushed.
        for (_, replica) in everyone where try replica.pendingCount() == 0 {
            let (engine, _) = try engine(for: replica)
            _ = try await engine.sync()
        }
        let server = try DatabaseDigest.of(path: try mainServer.databasePath)
        var entries = [BenchReport.Correctness(database: "server", rowCounts: server.rowCounts, checksum: server.checksum, matchesServer: true)]
        if !holdsDataset(server.rowCounts) {
            entries[0].matchesServer = false   // the server lost or invented rows
        }
        for (name, digest) in try await digests(of: everyone.map { (name: $0.name, path: path($0.name + ".sqlite")) }) {
            entries.append(BenchReport.Correctness(database: name, rowCounts: digest.rowCounts, checksum: digest.checksum,
                                                   matchesServer: digest == server))
        }
        entries += try await checkPostgresCorrectness()
        addSetup("correctness check", Measure.now() - started)
        return entries
    }
}
