/// Why the PostgreSQL store cannot start, with what to do about it. These are operator
/// errors, raised at start (never to a syncing client), each with a stable code.
public enum PostgresStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The `--db` URL is not a PostgreSQL URL this server understands.
    case invalidURL(String, reason: String)
    /// The database was migrated by a newer server than this one.
    case databaseNewerThanServer(databaseVersion: Int, serverVersion: Int)

    /// A stable identifier for scripts and logs.
    public var code: String {
        switch self {
        case .invalidURL: "postgres_invalid_url"
        case .databaseNewerThanServer: "postgres_schema_too_new"
        }
    }

    public var description: String {
        switch self {
        case let .invalidURL(url, reason):
            "'\(url)' is not a PostgreSQL URL (\(reason)). Pass one like postgres://user:password@host:5432/database."
        case let .databaseNewerThanServer(databaseVersion, serverVersion):
            "The database is at schema version \(databaseVersion), but this outpost-server knows versions up to \(serverVersion). Upgrade outpost-server before starting it on this database."
        }
    }
}
