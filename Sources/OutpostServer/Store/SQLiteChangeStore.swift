import Foundation
import GRDB
import OutpostCore
import OutpostProtocol
import OutpostSQLite

/// The embedded store: one SQLite file in WAL mode, no setup. The change-log position is
/// taken inside the single write transaction, so commit order equals position order and a
/// cursor can never skip a change that commits later with a lower number (DESIGN
/// "Ordering trap").
public final class SQLiteChangeStore: ChangeStore {
    let database: DatabasePool
    let schema: Schema
    let tables: [EntityName: EntityTable]
    let skewBudget: ClockSkewBudget
    /// How hard each commit is pushed to disk (also used by the checkpoint connection).
    let durability: StoreDurability
    /// Pushes waiting for the next group commit (see `apply`).
    let pendingPushes = PendingPushes()
    /// What pushed clocks are clamped from.
    let latestServerTime = LatestServerTime()

    /// Opens (creating if needed) the store at `path` and migrates it.
    /// - Throws: `SQLiteStoreError.storeNewerThanServer` for a store a newer server migrated.
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - schema: the replicated schema its entity tables are made from.
    ///   - skewBudget: how far ahead of server time a pushed clock may be before it is clamped.
    ///   - durability: whether each commit is fsynced before it is answered (`.full`) or not.
    public init(path: String, schema: Schema, skewBudget: ClockSkewBudget = ClockSkewBudget(),
                durability: StoreDurability = .normal) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // SQLite's default cache (2,000 KiB) holds too little of a large store's
            // hot pages (the change log's tail, the scope index, the rows being pushed to):
            // every push then reads them again through the kernel. Up to 64 MiB per connection.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        database = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets NORMAL when it opens the pool in WAL mode; only the writer connection commits.
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability.synchronousPragma)")
        }
        self.schema = schema
        self.skewBudget = skewBudget
        self.durability = durability
        let migrator = ServerMigrations.makeMigrator(schema: schema)
        let unknown = try database.read { db in try migrator.appliedIdentifiers(db).subtracting(migrator.migrations) }
        guard unknown.isEmpty else { throw SQLiteStoreError.storeNewerThanServer(path: path, unknownMigrations: unknown.sorted()) }
        try migrator.migrate(database)
        // After the migration: the stamps' field numbers are the migrated tables' columns.
        tables = try database.read { db in
            try Dictionary(uniqueKeysWithValues: schema.entities.map { ($0.name, try EntityTable($0, numberedBy: db)) })
        }
        latestServerTime.start(from: try database.read { db in try Int64.fetchOne(db, sql: "SELECT max(last_seen_at) FROM device") })
    }

    public func storeID() async throws -> String {
        try await database.read { db in
            guard let id = try String.fetchOne(db, sql: "SELECT id FROM store_id") else { throw ServerError.internalFailure }
            return id
        }
    }

    @discardableResult
    public func registerDevice(_ device: DeviceID, user: UserID, skewMilliseconds: Int64, serverNow: Int64) async throws -> RegisteredDevice {
        try await database.write { db in
            let record = try DeviceRecord.fetchOrCreate(device, user: user, serverNow: serverNow, in: db)
            try db.execute(
                sql: "UPDATE device SET handshake_skew_ms = ?, last_seen_at = ? WHERE id = ?",
                arguments: [skewMilliseconds, serverNow, device.rawValue])
            return RegisteredDevice(lastSequence: record.lastSequence, lastClock: record.lastClock)
        }
    }

    public func clockReport(for device: DeviceID) async throws -> DeviceClockReport? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM device WHERE id = ?", arguments: [device.rawValue]).map { row in
                DeviceClockReport(
                    user: UserID(row["user_id"] as String),
                    handshakeSkewMilliseconds: row["handshake_skew_ms"],
                    largestPushSkewMilliseconds: row["largest_push_skew_ms"],
                    clampedWrites: row["clamped_writes"])
            }
        }
    }

    /// The highest change-log position committed so far.
    func headPosition(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(position), 0) FROM change_log")) ?? 0
    }
}

/// The server's bookkeeping row for one device.
struct DeviceRecord {
    var id: DeviceID
    var user: UserID
    var lastSequence: Int64
    var lastClampedClock: HLCTimestamp?
    /// The latest clock taken from the device (`RegisteredDevice.lastClock`).
    var lastClock: HLCTimestamp?

    /// Loads the device, registering it to `user` on first sight.
    /// - Throws: `ServerError.deviceMismatch` when it belongs to someone else.
    static func fetchOrCreate(_ device: DeviceID, user: UserID, serverNow: Int64, in db: Database) throws -> DeviceRecord {
        let select = try db.cachedStatement(sql: "SELECT user_id, last_sequence, last_clamped_clock, last_clock FROM device WHERE id = ?")
        if let row = try Row.fetchOne(select, arguments: [device.rawValue]) {
            let owner = UserID(row["user_id"] as String)
            guard owner == user else { throw ServerError.deviceMismatch(device: device.rawValue) }
            let clamped: String? = row["last_clamped_clock"]
            let latest: String? = row["last_clock"]
            return DeviceRecord(id: device, user: owner, lastSequence: row["last_sequence"],
                                lastClampedClock: clamped.flatMap { HLCTimestamp($0) }, lastClock: latest.flatMap { HLCTimestamp($0) })
        }
        try db.cachedStatement(sql: "INSERT INTO device (id, user_id, last_seen_at) VALUES (?, ?, ?)")
            .execute(arguments: [device.rawValue, user.rawValue, serverNow])
        return DeviceRecord(id: device, user: user, lastSequence: 0, lastClampedClock: nil, lastClock: nil)
    }
}
