import Hummingbird
import Logging
import OutpostCore

/// Builds the router with every route and middleware of the sync server.
///
/// Middleware order (outermost first): request log, problem details for every error, body limit and
/// gzip inflation, protocol-version check, authentication, per-user concurrency cap; then the routes.
/// The last three run only on a route the server serves: any other path or method is 404
/// `request.not_found` whatever headers it carries (spec §4).
/// Tokens of `authenticator` (the fixture list of `--users FILE`, checked in memory) are
/// accepted first, then those issued by `POST /v1/login` (looked up by hash in the store).
public func makeRouter(store: any ChangeStore, authenticator: any Authenticator, schema: Schema,
                       configuration: ServerConfiguration) -> Router<OutpostRequestContext> {
    let router = Router(context: OutpostRequestContext.self)
    let authenticator = ChainedAuthenticator([authenticator, DeviceTokenAuthenticator(store: store, now: configuration.now)])
    let login = LoginService(store: store, schema: schema, hasher: configuration.passwordHasher,
                             limiter: LoginRateLimiter(policy: configuration.loginRateLimit, store: store),
                             decoy: DecoyPasswordHash(), now: configuration.now)
    // Method, path and status of every request at info; never bodies or the Authorization header.
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: BodyLimitMiddleware(maximumBodyBytes: configuration.maximumBodyBytes))
    // A group's middleware runs once a route matched; the router's own would also wrap the
    // not-found answer, and a path nobody serves would be refused for its headers instead.
    let served = router.group()
        .add(middleware: ProtocolVersionMiddleware(exemptPaths: ["/v1/health", "/v1/handshake", "/v1/login", "/v1/logout"],
                                                   supported: configuration.protocolVersions))
        .add(middleware: AuthMiddleware(authenticator: authenticator, exemptPaths: ["/v1/health", "/v1/login"]))
        .add(middleware: ConcurrencyLimitMiddleware(limit: configuration.maximumConcurrentRequestsPerUser))
    HealthRoute().add(to: served)
    AuthRoutes(service: login).add(to: served)
    SyncRoutes(store: store, schema: schema, configuration: configuration).add(to: served)
    ConflictRoutes(store: store).add(to: served)
    IngestRoutes(store: store, configuration: configuration).add(to: served)
    return router
}

/// Builds the server application listening on `host:port` (port 0 picks a free one, which
/// `onServerRunning` receives).
///
/// `beforeServerStarts` runs before the port opens, for example a PostgreSQL store's
/// migrations once its client runs beside the application in a `ServiceGroup`; if it
/// throws, the server never listens.
public func makeApplication(
    host: String, port: Int, store: any ChangeStore, authenticator: any Authenticator, schema: Schema,
    configuration: ServerConfiguration = ServerConfiguration(), logger: Logger,
    beforeServerStarts: (@Sendable () async throws -> Void)? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    var application = Application(
        router: makeRouter(store: store, authenticator: authenticator, schema: schema, configuration: configuration),
        configuration: .init(address: .hostname(host, port: port), serverName: "outpost-server"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
    if let beforeServerStarts {
        application.beforeServerStarts(perform: beforeServerStarts)
    }
    return application
}
