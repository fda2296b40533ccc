import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica

extension BenchSession {
    /// S6: `pushClients` clients at once, each sending one-change pushes (one round trip
    /// each, through the client library's HTTP transport) to a second server process that
    /// fsyncs every commit (`--durability full`) and holds a copy of the main store.
    func measureDurablePushes() async throws {
        let started = Measure.now()
        let copy = try copyServerStore(to: "server-durable.sqlite")
        let durable = try await launcher.start(databasePath: copy, durability: .full, logDirectory: directory, label: "server-durable")
        addSetup("start durable server", Measure.now() - started)
        do {
            var allLatencies: [Double] = []
            for run in 0..<configuration.runs {
                try measureOneRowCommits(run: run, durability: "FULL", count: configuration.pushClients * configuration.pushesPerClient,
                                         pairedWith: "S6")
                let latencies = try await durablePushRun(run: run, server: durable, scenario: "S6")
                allLatencies += latencies
            }
            details["S6", default: [:]]["p50Milliseconds"] = Measure.percentile(allLatencies, 0.5) * 1000
            details["S6", default: [:]]["p99Milliseconds"] = Measure.percentile(allLatencies, 0.99) * 1000
            details["S6", default: [:]]["clients"] = Double(configuration.pushClients)
        } catch {
            await durable.stop()
            throw error
        }
        await durable.stop()
    }

    /// One run of S6 (or S6pg): the clients' pushes to `server`, recorded under `scenario`.
    /// - Returns: every push's latency in seconds.
    func durablePushRun(run: Int, server: any BenchServer, scenario: String) async throws -> [Double] {
        let pushes = configuration.pushesPerClient
        let leadCount = dataset.leads.count
        let clients = (0..<configuration.pushClients).map { index in
            (user: users.all[index % users.all.count], device: DeviceID(UUID().uuidString.lowercased()),
             lead: dataset.leads[(index * 7_919 + run * 104_729) % leadCount].id)
        }
        // Warm-up, not timed: each client's first push opens its connection (kept for the timed
        // pushes) and registers its device.
        var bases: [HLCTimestamp] = []
        var transports: [HTTPSyncTransport] = []
        for client in clients {
            let transport = HTTPSyncTransport(baseURL: server.url, token: client.user.token, timeout: 60)
            transports.append(transport)
            let clock = HLCTimestamp(wallMilliseconds: Int64(Date().timeIntervalSince1970 * 1000), counter: 0, deviceID: client.device)
            _ = try await transport.push(PushRequest(deviceID: client.device, changes: [
                PushChange(sequence: 1, entity: OutpostSchema.lead.name, rowID: client.lead, field: FieldName("remark"),
                           value: .text("S6 warm-up"), clock: clock, base: nil),
            ]))
            bases.append(clock)
        }
        let wallStart = Measure.now()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for ((client, transport), firstBase) in zip(zip(clients, transports), bases) {
                group.addTask {
                    var clock = HybridLogicalClock(deviceID: client.device, resumingAfter: firstBase)
                    var base = firstBase
                    var latencies: [Double] = []
                    latencies.reserveCapacity(pushes)
                    for number in 0..<pushes {
                        let stamp = clock.tick(now: Int64(Date().timeIntervalSince1970 * 1000))
                        let request = PushRequest(deviceID: client.device, changes: [
                            PushChange(sequence: Int64(number + 2), entity: OutpostSchema.lead.name, rowID: client.lead,
                                       field: FieldName("remark"), value: .text("回访记录 \(number + 1)：家长确认周六试听"),
                                       clock: stamp, base: base),
                        ])
                        let start = Measure.now()
                        let answer = try await transport.push(request)
                        latencies.append(Measure.now() - start)
                        guard answer.results.first?.status == .applied else {
                            throw BenchError.correctness("an \(scenario) push was answered \(answer.results.first?.status.rawValue ?? "nothing")")
                        }
                        base = stamp
                    }
                    return latencies
                }
            }
            var all: [Double] = []
            for try await latencies in group { all += latencies }
            return all
        }
        let seconds = Measure.now() - wallStart
        record(scenario, Double(latencies.count) / seconds)
        Progress.say("\(scenario) run \(run + 1): \(latencies.count) pushes from \(clients.count) clients in \(String(format: "%.2f", seconds)) s "
                     + "(\(Int(Double(latencies.count) / seconds)) pushes/s, p99 \(String(format: "%.2f", Measure.percentile(latencies, 0.99) * 1000)) ms)")
        return latencies
    }
}
