import OutpostServer

/// Why the server could not start, with what to do about it.
enum ServerSetupError: Error, CustomStringConvertible {
    /// `--demo` was given but no demo user list was found.
    case demoUsersNotFound(searched: [String])
    /// The users file is missing, unreadable or malformed.
    case cannotReadUsers(path: String, reason: String)
    /// The SQLite store cannot be opened or migrated.
    case cannotOpenStore(path: String, reason: String)
    /// An admin command named a SQLite store that does not exist.
    case noStore(path: String)
    /// The PostgreSQL database cannot be reached or migrated.
    case cannotUseDatabase(url: String, reason: String)
    /// The `--passwords` file is missing, unreadable or not a JSON object of strings.
    case cannotReadPasswords(path: String, reason: String)
    /// The backup of a SQLite store failed.
    case cannotBackUp(path: String, destination: String, reason: String)
    /// Another process listens on the address already.
    case portInUse(host: String, port: Int)

    /// The stable code of the problem (`setup.port_in_use`), printed after its text.
    var code: String {
        switch self {
        case .demoUsersNotFound: "setup.demo_users_not_found"
        case .cannotReadUsers: "setup.cannot_read_users"
        case .cannotOpenStore: "setup.cannot_open_store"
        case .noStore: "setup.no_store"
        case .cannotUseDatabase: "setup.cannot_use_database"
        case .cannotReadPasswords: "setup.cannot_read_passwords"
        case .cannotBackUp: "setup.cannot_back_up"
        case .portInUse: "setup.port_in_use"
        }
    }

    var description: String { "\(explanation) [\(code)]" }

    // MARK: - Private

    private var explanation: String {
        switch self {
        case .demoUsersNotFound(let searched):
            "No demo users found (looked for \(searched.joined(separator: " and "))). Run from the repository root, or pass --users FILE."
        case let .cannotReadUsers(path, reason):
            "Cannot use the users file \(path): \(reason). Fix the file, or pass another with --users FILE."
        case let .cannotOpenStore(path, reason):
            "Cannot open the store at \(path) (\(reason)). Check that its directory exists and is writable, or pass another path with --db."
        case .noStore(let path):
            "There is no store at \(path); nothing was changed. Check --db: it is the path the server runs with. (`outpost-server --db \(path)` or `outpost-server units add --db \(path)` makes a new one.)"
        case let .cannotUseDatabase(url, reason):
            "Cannot use the PostgreSQL database \(url): \(reason). Check that PostgreSQL runs there and that the user may create tables in that database, or pass another URL with --db."
        case let .cannotReadPasswords(path, reason):
            "Cannot use the passwords file \(path): \(reason). It must be a JSON object {\"userID\": \"password\"}; fix it, or leave out --passwords."
        case let .cannotBackUp(path, destination, reason):
            "Cannot back up \(path) to \(destination) (\(reason)). Check that the destination's directory exists and is writable, then run backup again."
        case let .portInUse(host, port):
            "Port \(port) on \(host) is in use by another process (another outpost-server?). Stop it, or pass another port with --port (--port 0 picks a free one)."
        }
    }
}

extension ServerSetupError {
    /// The SQLite store `open` opens at `path`; a failure becomes `cannotOpenStore`, except a
    /// store a newer server migrated, which keeps its own error (`SQLiteStoreError`, what to do
    /// is not about the path).
    static func openingStore(at path: String, _ open: () throws -> SQLiteChangeStore) throws -> SQLiteChangeStore {
        do {
            return try open()
        } catch let error as SQLiteStoreError {
            throw error
        } catch {
            throw ServerSetupError.cannotOpenStore(path: path, reason: String(describing: error))
        }
    }
}
