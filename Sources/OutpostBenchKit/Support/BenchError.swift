/// Why the bench could not run, with what to do about it.
public enum BenchError: Error, CustomStringConvertible {
    /// No `outpost-server` executable next to the bench.
    case serverExecutableNotFound
    /// The server process did not come up.
    case serverDidNotStart(reason: String)
    /// The server answered a request with something unexpected.
    case unexpectedAnswer(String)
    /// A correctness check failed: the figures of this run cannot be trusted.
    case correctness(String)
    /// The throw-away PostgreSQL cluster for S3 and S6pg did not start.
    case postgresDidNotStart(step: String, log: String)

    public var description: String {
        switch self {
        case .serverExecutableNotFound:
            "No outpost-server executable next to outpost-bench. Build both first (swift build -c release), "
                + "point OUTPOST_SERVER at one, or pass --in-process-server."
        case .serverDidNotStart(let reason):
            "The sync server did not start: \(reason)."
        case .unexpectedAnswer(let detail):
            "The sync server answered unexpectedly: \(detail)."
        case .correctness(let detail):
            "Correctness check failed: \(detail)."
        case let .postgresDidNotStart(step, log):
            "The throw-away PostgreSQL cluster for S3 and S6pg did not start: \(step) failed. "
                + "Pass --no-postgres to run without S3 and S6pg, or fix the cause:\n\(log)"
        }
    }
}
