import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostReplica

extension BenchSession {
    /// S8: `stormReplicas` laptops that hold the whole base each make
    /// `stormChangesPerReplica` field changes offline (three fields of a lead per edit, on
    /// overlapping windows of leads, so some edits meet and are logged as conflicts); then all
    /// sync at once (push, then pull), and all sync again to pick up what the others pushed
    /// later. Timed from the first request to the last answer; every replica is then checked
    /// against the server.
    func runMorningStorm(run: Int) async throws {
        let setupStart = Measure.now()
        let storm = try await prepareStormReplicas(run: run)
        try makeOfflineEdits(storm, run: run)
        addSetup("S8 replicas and offline edits", Measure.now() - setupStart)

        var counts: [CountingTransport] = []
        let started = Measure.now()
        for _ in 0..<2 {
            let transports = try await withThrowingTaskGroup(of: CountingTransport.self) { group in
                for (_, replica) in storm {
                    let (engine, transport) = try engine(for: replica)
                    group.addTask {
                        _ = try await engine.sync()
                        return transport
                    }
                }
                var all: [CountingTransport] = []
                for try await transport in group { all.append(transport) }
                return all
            }
            counts += transports
        }
        let seconds = Measure.now() - started
        let pushed = counts.reduce(0) { $0 + $1.snapshot.pushedEntries }
        let pulled = counts.reduce(0) { $0 + $1.snapshot.pulledFields }
        let conflicts = counts.reduce(0) { $0 + $1.snapshot.conflicts }
        record("S8", Double(pushed + pulled) / seconds)
        details["S8"] = ["pushedLastRun": Double(pushed), "pulledFieldsLastRun": Double(pulled),
                         "conflictsLoggedLastRun": Double(conflicts), "secondsLastRun": seconds]
        Progress.say("S8 run \(run + 1): \(storm.count) replicas pushed \(pushed) and pulled \(pulled) field changes in "
                     + "\(String(format: "%.2f", seconds)) s (\(Int(Double(pushed + pulled) / seconds)) changes/s aggregate, \(conflicts) conflicts)")

        let expected = try DatabaseDigest.of(path: try mainServer.databasePath)
        let digests = try await digests(of: storm.map { (name: $0.name, path: path($0.name + ".sqlite")) })
        for (name, digest) in digests where digest != expected {
            throw BenchError.correctness("S8 run \(run + 1): \(name) did not converge (\(digest.rowCounts), \(digest.checksum) vs server \(expected.checksum))")
        }
        stormReplicas = storm
    }

    /// Copies a synced replica once per storm laptop and gives each copy its own device, user
    /// and token (as if each laptop had bootstrapped the same base the evening before).
    private func prepareStormReplicas(run: Int) async throws -> [(name: String, replica: Replica)] {
        let source = replicas[0]
        let (engine, _) = try engine(for: source.replica)
        _ = try await engine.sync()
        let template = path("storm-template.sqlite")
        try backup(from: path(source.name + ".sqlite"), to: template)
        let previous = stormReplicas.map(\.name)
        stormReplicas = []   // closes the last run's files before they are removed
        for name in previous {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path(name + ".sqlite" + suffix)) }
        }
        var random = SeededGenerator(seed: 0x5EED_0008 &+ UInt64(run))
        var storm: [(name: String, replica: Replica)] = []
        for index in 0..<configuration.stormReplicas {
            let name = "storm-r\(run + 1)-\(index + 1)"
            let file = path(name + ".sqlite")
            try FileManager.default.copyItem(atPath: template, toPath: file)
            let user = users.all[index % users.all.count]
            let queue = try DatabaseQueue(path: file)
            let identity = [("device_id", random.deviceID()), ("user_id", user.id.rawValue), ("token", user.token)]
            try await queue.write { db in
                for (key, value) in identity {
                    try db.execute(sql: "UPDATE sync_state SET value = ? WHERE key = ?", arguments: [value, key])
                }
                try db.execute(sql: "DELETE FROM sync_state WHERE key = 'conflict_position'")
                try db.execute(sql: "DELETE FROM journal")
                try db.execute(sql: "DELETE FROM lost_conflict")
            }
            try queue.close()
            storm.append((name, try Replica(path: file)))
        }
        try FileManager.default.removeItem(atPath: template)
        return storm
    }

    /// Each laptop edits a window of `stormChangesPerReplica / 3` leads, three fields each;
    /// neighbouring windows overlap by a tenth, so some leads are edited on two laptops.
    private func makeOfflineEdits(_ storm: [(name: String, replica: Replica)], run: Int) throws {
        let leadsPerReplica = max(1, configuration.stormChangesPerReplica / Workloads.updatedFields.count)
        let stride = max(1, leadsPerReplica * 9 / 10)
        var random = SeededGenerator(seed: 0x5EED_0088 &+ UInt64(run))
        for (index, (_, replica)) in storm.enumerated() {
            for offset in 0..<leadsPerReplica {
                let lead = dataset.leads[(index * stride + offset + run * 7_919) % dataset.leads.count]
                var values: [FieldName: FieldValue] = [:]
                for field in Workloads.updatedFields {
                    values[field] = Workloads.value(for: field, tag: "s\(run + 1)-\(index + 1)", random: &random)
                }
                try replica.update(OutpostSchema.lead.name, id: lead.id, values: values)
            }
        }
    }

    /// Digests of several files, two at a time (the machine has two cores).
    func digests(of files: [(name: String, path: String)]) async throws -> [(String, DatabaseDigest)] {
        var results: [(String, DatabaseDigest)] = []
        for pair in stride(from: 0, to: files.count, by: 2) {
            let slice = Array(files[pair..<min(pair + 2, files.count)])
            let digests = try await withThrowingTaskGroup(of: (Int, String, DatabaseDigest).self) { group in
                for (offset, file) in slice.enumerated() {
                    group.addTask { (offset, file.name, try DatabaseDigest.of(path: file.path)) }
                }
                var found: [(Int, String, DatabaseDigest)] = []
                for try await entry in group { found.append(entry) }
                return found.sorted { $0.0 < $1.0 }.map { ($0.1, $0.2) }
            }
            results += digests
        }
        return results
    }
}
