import Foundation
import Hummingbird
import Logging
import OutpostDomain
import OutpostServer
import ServiceLifecycle

/// The sync server inside the bench process: the fallback when no `outpost-server` executable
/// was built. The report marks every figure measured this way.
final class InProcessServer: BenchServer, @unchecked Sendable {
    // @unchecked: every property is set once in `start` and only read afterwards.
    let url: URL
    let databasePath: String
    let launchDescription = "in-process (no outpost-server executable found)"
    private let services: ServiceGroup
    private let running: Task<Void, any Error>

    private init(url: URL, databasePath: String, services: ServiceGroup, running: Task<Void, any Error>) {
        self.url = url
        self.databasePath = databasePath
        self.services = services
        self.running = running
    }

    static func start(databasePath: String, durability: StoreDurability, users: BenchUsers) async throws -> InProcessServer {
        let store = try SQLiteChangeStore(path: databasePath, schema: OutpostSchema.current, durability: durability)
        var logger = Logger(label: "outpost-bench-server")
        logger.logLevel = .critical
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let application = makeApplication(
            host: "127.0.0.1", port: 0, store: store, authenticator: users.directory, schema: OutpostSchema.current,
            logger: logger, onServerRunning: { port in portSink.yield(port); portSink.finish() })
        let services = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let running = Task { try await services.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            await services.triggerGracefulShutdown()
            throw BenchError.serverDidNotStart(reason: "the in-process server did not report a port")
        }
        return InProcessServer(url: URL(string: "http://127.0.0.1:\(port)/")!, databasePath: databasePath,
                               services: services, running: running)
    }

    func stop() async {
        await services.triggerGracefulShutdown()
        _ = await running.result
    }
}
