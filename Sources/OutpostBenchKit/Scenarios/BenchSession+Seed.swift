import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer

extension BenchSession {
    /// Starts the main server on a new store (default durability).
    func startServer() async throws {
        let started = Measure.now()
        server = try await launcher.start(databasePath: path("server.sqlite"), durability: .normal,
                                          logDirectory: directory, label: "server")
        addSetup("start server", Measure.now() - started)
        Progress.say("server at \(try mainServer.url.absoluteString) (\(try mainServer.launchDescription))")
    }

    /// Loads the data set into the server the way laptops would: each user's device pushes the
    /// rows it created, field by field, in batches of at most 1,000 changes over HTTP.
    func seedServer(_ target: (any BenchServer)? = nil, label: String = "seed server") async throws {
        let server = try target ?? mainServer
        let client = LoopbackClient(baseURL: server.url)
        let started = Measure.now()
        var changesSent = 0
        for (userIndex, user) in users.all.enumerated() {
            let rows = dataset.leads.filter { $0.creator == userIndex }.map { (OutpostSchema.lead.name, $0) }
                + dataset.followUps.filter { $0.creator == userIndex }.map { (OutpostSchema.followUp.name, $0) }
            var sequence: Int64 = 0
            var batch: [PushChange] = []
            for (entity, row) in rows {
                if batch.count + row.values.count > 1000 {
                    try await seedPush(batch, user: user, client: client)
                    changesSent += batch.count
                    batch.removeAll(keepingCapacity: true)
                }
                for (counter, (field, value)) in row.values.enumerated() {
                    sequence += 1
                    batch.append(PushChange(sequence: sequence, entity: entity, rowID: row.id, field: field, value: value,
                                            clock: ClockBook.seedClock(of: row, counter: counter, device: user.seedDevice), base: nil))
                }
            }
            if !batch.isEmpty {
                try await seedPush(batch, user: user, client: client)
                changesSent += batch.count
            }
        }
        let seconds = Measure.now() - started
        addSetup(label, seconds)
        Progress.say("\(label): \(dataset.rowCount) rows (\(changesSent) field changes) in \(String(format: "%.1f", seconds)) s")
    }

    private func seedPush(_ changes: [PushChange], user: BenchUsers.User, client: LoopbackClient) async throws {
        let body = try LoopbackClient.gzippedJSON(PushRequest(deviceID: user.seedDevice, changes: changes))
        let answer = try WireCoding.makeDecoder().decode(PushResponse.self, from: try await client.post("v1/push", gzippedBody: body, token: user.token).body)
        guard answer.results.count == changes.count, answer.results.allSatisfy({ $0.status == .applied }) else {
            let refused = answer.results.first { $0.status != .applied }
            throw BenchError.unexpectedAnswer("seeding push not applied: \(refused?.code?.rawValue ?? "?") \(refused?.message ?? "")")
        }
    }
}
