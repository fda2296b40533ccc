/// Why the SQLite store cannot open, with what to do about it: an operator error, raised at
/// start (never to a syncing client), with a stable code.
public enum SQLiteStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file was migrated by a newer server than this one: it holds migrations this build
    /// does not know, and what they changed this build would not keep up (a downgrade).
    case storeNewerThanServer(path: String, unknownMigrations: [String])

    /// A stable identifier for scripts and logs.
    public var code: String {
        switch self {
        case .storeNewerThanServer: "sqlite_store_too_new"
        }
    }

    public var description: String {
        switch self {
        case let .storeNewerThanServer(path, unknown):
            "The store \(path) was migrated by a newer outpost-server (\(unknown.joined(separator: ", ")) unknown to this one). "
                + "Upgrade outpost-server before starting it on this store; nothing was changed. [\(code)]"
        }
    }
}
