import Foundation
import Hummingbird
import Logging
import OutpostCore
import OutpostDomain
import OutpostServer
import ServiceLifecycle

/// A real sync server on an ephemeral loopback port with an embedded SQLite store in a
/// temporary directory.
public struct RunningServer: Sendable {
    /// The server's base URL, for example `http://127.0.0.1:49152/`.
    public let url: URL
    /// The store behind it, for assertions on the server's own database.
    public let store: SQLiteChangeStore
    /// The server's wall clock.
    public let clock: ManualClock
    /// Where its files live.
    public let directory: URL
}

/// Runs `body` against a freshly started server and always shuts the server down.
/// - Parameters:
///   - clock: the server's wall clock (defaults to the real time, settable by hand).
///   - configure: adjusts the configuration (limits, skew budget) before start.
public func withRunningServer<R: Sendable>(
    clock: ManualClock = ManualClock(Int64(Date().timeIntervalSince1970 * 1000)),
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (RunningServer) async throws -> R
) async throws -> R {
    let directory = try makeTemporaryDirectory("outpost-server")
    var configuration = ServerConfiguration(now: { clock.now })
    configure(&configuration)
    let store = try SQLiteChangeStore(path: directory.appendingPathComponent("server.sqlite").path,
                                      schema: OutpostSchema.current, skewBudget: configuration.skewBudget)
    var logger = Logger(label: "outpost-test-server")
    logger.logLevel = .critical
    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    let app = makeApplication(
        host: "127.0.0.1", port: 0, store: store, authenticator: DemoUsers.directory, schema: OutpostSchema.current,
        configuration: configuration, logger: logger,
        onServerRunning: { port in portSink.yield(port); portSink.finish() })
    let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            await services.triggerGracefulShutdown()
            throw CancellationError()
        }
        let server = RunningServer(url: URL(string: "http://127.0.0.1:\(port)/")!, store: store, clock: clock, directory: directory)
        let outcome: Result<R, any Error>
        do { outcome = .success(try await body(server)) } catch { outcome = .failure(error) }
        await services.triggerGracefulShutdown()
        try await group.waitForAll()
        try? FileManager.default.removeItem(at: directory)   // best effort: the test's verdict is already decided
        return try outcome.get()
    }
}
