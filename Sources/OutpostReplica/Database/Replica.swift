import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostSQLite

/// One laptop's replica: a SQLite file holding the rows this user may see, their packed
/// field stamps, the change journal and the sync state.
///
/// A `Sendable` final class around one `DatabaseWriter` (a `DatabasePool` for a file, a
/// `DatabaseQueue` in memory for unit tests); the writer serializes writes. Open one per
/// file for the life of the process.
public final class Replica: Sendable {
    let database: any DatabaseWriter
    /// The replicated schema the tables were made from.
    public let schema: Schema
    let tables: [EntityName: EntityTable]
    /// Where the file lives (":memory:" for an in-memory replica).
    public let path: String
    /// Checkpoints a replica file's log off the editing thread (nil in memory).
    let checkpointer: ReplicaCheckpointer?
    /// The sync state the last local edit left, for the next one (`EditStateCache`).
    let editStateCache = EditStateCache()

    /// Opens (creating if needed) the replica file at `path` in WAL mode and migrates it.
    public convenience init(path: String, schema: Schema = OutpostSchema.current) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // The configuration holds it too, so it outlives every connection it is installed on.
        let checkpointer = ReplicaCheckpointer(path: path)
        configuration.prepareDatabase { db in
            // Durable before a push or an export, not at every edit (Replica+Durability).
            try db.execute(sql: "PRAGMA synchronous = \(Replica.localCommitMode)")
            // No edit waits for a checkpoint of the log.
            try checkpointer.install(on: db)
        }
        try self.init(writer: DatabasePool(path: path, configuration: configuration), schema: schema, path: path,
                      checkpointer: checkpointer)
    }

    /// Wraps an open database (for example an in-memory `DatabaseQueue`) and migrates it.
    public convenience init(writer: any DatabaseWriter, schema: Schema = OutpostSchema.current, path: String = ":memory:") throws {
        try self.init(writer: writer, schema: schema, path: path, checkpointer: nil)
    }

    init(writer: any DatabaseWriter, schema: Schema, path: String, checkpointer: ReplicaCheckpointer?) throws {
        database = writer
        self.schema = schema
        self.path = path
        self.checkpointer = checkpointer
        try ReplicaMigrations.makeMigrator(schema: schema).migrate(writer)
        // After the migration: the stamps' field numbers are the migrated tables' columns.
        tables = try writer.read { db in
            try Dictionary(uniqueKeysWithValues: schema.entities.map { ($0.name, try EntityTable($0, numberedBy: db)) })
        }
        try writer.write { db in
            try Self.setValue(schema.fingerprint, for: .schemaFingerprint, in: db)
        }
    }

    /// Stores where to sync and as whom. A new device id is made on first configuration and
    /// kept afterwards, so re-running `outpost init` does not fork the journal.
    /// - Parameter deviceID: the id for a new device; a random UUID unless given.
    /// - Throws: `ReplicaError.belongsToAnotherUser` when the replica is set up for another
    ///   user: their rows and unsent changes never pass to someone else (nothing is changed).
    public func configure(serverURL: URL, userID: UserID, token: String, deviceID: DeviceID? = nil) throws -> ReplicaSettings {
        try database.write { db in
            if let owner = try Self.value(.userID, in: db), owner != userID.rawValue {
                throw ReplicaError.belongsToAnotherUser(path: path, owner: UserID(owner), requested: userID)
            }
            let device = try Self.value(.deviceID, in: db) ?? deviceID?.rawValue ?? UUID().uuidString.lowercased()
            try Self.setValue(serverURL.absoluteString, for: .serverURL, in: db)
            try Self.setValue(userID.rawValue, for: .userID, in: db)
            try Self.setValue(token, for: .token, in: db)
            try Self.setValue(device, for: .deviceID, in: db)
            return ReplicaSettings(serverURL: serverURL, userID: userID, token: token, deviceID: DeviceID(device))
        }
    }

    /// Forgets the token (`outpost logout`): the rows, the journal, the device id and the
    /// user stay, so signing in again (`configure` with a new token) syncs what is unsent.
    /// - Throws: `ReplicaError.notInitialized` before `configure`.
    public func signOut() throws {
        try database.write { db in
            _ = try settings(in: db)
            try Self.setValue("", for: .token, in: db)
        }
    }

    /// The stored settings.
    /// - Throws: `ReplicaError.notInitialized` before `configure`.
    public func settings() throws -> ReplicaSettings {
        try database.read { db in try self.settings(in: db) }
    }

    func settings(in db: Database) throws -> ReplicaSettings {
        try settings(from: Self.syncState(in: db))
    }

    /// The settings within a snapshot of the sync state.
    func settings(from state: [SyncStateKey: String]) throws -> ReplicaSettings {
        guard let url = state[.serverURL].flatMap(URL.init(string:)), let user = state[.userID],
              let token = state[.token], let device = state[.deviceID] else {
            throw ReplicaError.notInitialized(path: path)
        }
        return ReplicaSettings(serverURL: url, userID: UserID(user), token: token, deviceID: DeviceID(device))
    }

    /// Checks the file's integrity (`PRAGMA integrity_check`); true when SQLite finds no damage.
    public func passesIntegrityCheck() throws -> Bool {
        try database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok" }
    }

    /// Copies the write-ahead log into the file now, after any background checkpoint in
    /// progress, and empties the log file when nothing is using it: before the file is copied
    /// elsewhere, or to leave the disk quiet (a benchmark between scenarios). Edits never need
    /// it: the log is checkpointed in the background as it grows. Does nothing for an
    /// in-memory replica.
    public func checkpointLog() {
        checkpointer?.checkpointNow()
    }

    // MARK: - Sync state

    /// Every known key of the sync state in one query (a handful of rows).
    static func syncState(in db: Database) throws -> [SyncStateKey: String] {
        try syncState(from: DirectStatement(try db.cachedStatement(sql: "SELECT key, value FROM sync_state")))
    }

    /// The sync state an edit needs: who, which device, the clock and the server offset; kept
    /// from the edit before when nothing has written to the file since (`EditStateCache`).
    /// Call after the edit's transaction has read from the file.
    func editState(in db: Database) throws -> EditState {
        if let kept = editStateCache.state(in: db) { return kept }
        // Without the token, the server's URL and the cursor.
        let state = try Self.syncState(from: DirectStatement(try db.cachedStatement(sql: Self.editStateSQL)))
        guard let user = state[.userID].map({ UserID($0) }), let device = state[.deviceID].map({ DeviceID($0) }) else {
            throw ReplicaError.notInitialized(path: path)
        }
        return EditState(user: user, device: device, clock: try clock(from: state, deviceID: device, in: db),
                         serverOffset: state[.serverOffset].flatMap(Int64.init) ?? 0)
    }

    /// `editState`'s query, its keys written out: nothing to bind.
    private static let editStateSQL = "SELECT key, value FROM sync_state WHERE key IN ("
        + [SyncStateKey.userID, .deviceID, .clock, .clockRestartedAfter, .serverOffset].map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"

    private static func syncState(from statement: DirectStatement) throws -> [SyncStateKey: String] {
        var state: [SyncStateKey: String] = [:]
        try statement.forEachRow { row in
            if let key = row.text(at: 0).flatMap(SyncStateKey.init(rawValue:)), let value = row.text(at: 1) { state[key] = value }
        }
        return state
    }

    // Cached statements: pulls, push answers and handshakes read and write single keys.
    static func value(_ key: SyncStateKey, in db: Database) throws -> String? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT value FROM sync_state WHERE key = ?"), arguments: [key.rawValue])
    }

    static func setValue(_ value: String, for key: SyncStateKey, in db: Database) throws {
        let statement = DirectStatement(try db.cachedStatement(sql: "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)"))
        try statement.bind(key.rawValue, at: 1)
        try statement.bind(value, at: 2)
        try statement.execute()
    }
}

/// Where a replica syncs, as whom, and which device it is.
public struct ReplicaSettings: Sendable, Equatable {
    /// The sync server's base URL.
    public var serverURL: URL
    /// The user this replica belongs to.
    public var userID: UserID
    /// The user's access token.
    public var token: String
    /// This replica's device id.
    public var deviceID: DeviceID
}
