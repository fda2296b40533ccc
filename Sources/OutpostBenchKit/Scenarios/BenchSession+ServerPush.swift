import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer

extension BenchSession {
    /// One in twenty S2 changes names no base: it is concurrent with the stored version, so
    /// the server merges it by LWW and writes the loser to the conflict log.
    static let concurrentEvery = 20

    /// S2: one device pushes `changesPerRun` single-field changes to existing leads, in
    /// batches of 1,000, over HTTP. The bodies are encoded before the clock starts; the time
    /// runs from the first request to the last answer (server decode, merge, change log,
    /// conflict log, push results, commit, answer).
    ///
    /// When `storeCopy` is given, the same pushes are then applied in-process to that copy of
    /// the server's store ("S2-store": the store alone, without HTTP and JSON).
    func pushFieldChanges(run: Int, storeCopy: SQLiteChangeStore?) async throws {
        let user = users.all[run % users.all.count]
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let requests = fieldChangePushes(run: run, now: now, book: &clockBook)
        let changes = requests.reduce(0) { $0 + $1.changes.count }
        let (seconds, conflicts) = try await timedPushes(requests, to: try mainServer, as: user, scenario: "S2")
        record("S2", Double(changes) / seconds)
        details["S2", default: [:]]["conflictsLoggedLastRun"] = Double(conflicts)
        Progress.say("S2 run \(run + 1): \(changes) changes in \(String(format: "%.2f", seconds)) s "
                     + "(\(Int(Double(changes) / seconds)) changes/s, \(conflicts) conflicts logged)")

        if let storeCopy {
            let storeSeconds = try await Measure.seconds {
                for request in requests {
                    _ = try await storeCopy.apply(request, author: user.id, serverNow: now)
                }
            }
            record("S2-store", Double(changes) / storeSeconds)
            Progress.say("S2-store run \(run + 1): \(Int(Double(changes) / storeSeconds)) changes/s in-process")
        }
    }

    /// The pushes of S2 (and S3) run `run`: `changesPerRun` single-field changes to existing
    /// leads from one new device, in batches of 1,000, each naming the field's current clock in
    /// `book` as its base (one in twenty names none), and noting the new clocks in `book`.
    func fieldChangePushes(run: Int, now: Int64, book: inout ClockBook) -> [PushRequest] {
        var random = SeededGenerator(seed: 0x5EED_0022 &+ UInt64(run))
        let device = DeviceID(random.deviceID())   // a laptop-shaped id, like every device
        var clock = HybridLogicalClock(deviceID: device)
        let updates = Workloads.fieldUpdates(dataset, run: run, count: configuration.changesPerRun)
        var changes: [PushChange] = []
        changes.reserveCapacity(updates.count)
        for (index, update) in updates.enumerated() {
            let base = index % Self.concurrentEvery == Self.concurrentEvery - 1
                ? nil : book.current(leadIndex: update.leadIndex, field: update.field)
            let change = PushChange(sequence: Int64(index + 1), entity: OutpostSchema.lead.name, rowID: update.id,
                                    field: update.field, value: update.value, clock: clock.tick(now: now), base: base)
            changes.append(change)
            book.record(change.clock, leadIndex: update.leadIndex, field: update.field)
        }
        return stride(from: 0, to: changes.count, by: 1000).map {
            PushRequest(deviceID: device, changes: Array(changes[$0..<min($0 + 1000, changes.count)]))
        }
    }

    /// Sends `requests` one after the other to `server` as `user`, timed from the first
    /// request to the last answer; the bodies are encoded before the clock starts.
    /// - Returns: the seconds taken and the conflicts the server logged.
    /// - Throws: `BenchError.correctness` when a change was not applied.
    func timedPushes(_ requests: [PushRequest], to server: any BenchServer, as user: BenchUsers.User,
                     scenario: String) async throws -> (seconds: Double, conflicts: Int) {
        let bodies = try requests.map(LoopbackClient.gzippedJSON)
        let client = LoopbackClient(baseURL: server.url)
        var answers: [Data] = []
        let seconds = try await Measure.seconds {
            for body in bodies {
                answers.append(try await client.post("v1/push", gzippedBody: body, token: user.token).body)
            }
        }
        let decoder = WireCoding.makeDecoder()
        var conflicts = 0
        for (request, data) in zip(requests, answers) {
            let answer = try decoder.decode(PushResponse.self, from: data)
            guard answer.results.count == request.changes.count, answer.results.allSatisfy({ $0.status == .applied }) else {
                throw BenchError.correctness("an \(scenario) push was not applied in full")
            }
            conflicts += answer.results.filter { $0.conflictID != nil }.count
        }
        return (seconds, conflicts)
    }

    /// A copy of the main server's store, taken with SQLite's backup API while it runs.
    func copyServerStore(to name: String) throws -> String {
        let destination = path(name)
        try backup(from: try mainServer.databasePath, to: destination)
        return destination
    }

    /// Copies a live SQLite file (WAL included) with SQLite's backup API.
    func backup(from source: String, to destination: String) throws {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: destination + suffix)   // a stale copy may or may not exist
        }
        var readOnly = Configuration()
        readOnly.readonly = true
        readOnly.busyMode = .timeout(10)
        let from = try DatabaseQueue(path: source, configuration: readOnly)
        let to = try DatabaseQueue(path: destination)
        try from.backup(to: to)
        try to.close()
        try from.close()
    }
}
