import Foundation
import Logging
import Synchronization
import OutpostCore
import OutpostProtocol
import PostgresNIO

/// The scale-out store: several stateless `outpost-server` processes share one PostgreSQL
/// database (DESIGN "Storage").
///
/// The tables match the SQLite store's (entity tables made from the schema with packed
/// `_stamps`, `change_log`, `device`, `push_result`, `conflict`), and every push decision
/// comes from the same `PushPlanner`. What differs is how concurrency is made safe when
/// several processes write at once:
/// - exactly once: a push locks its device row first, so two deliveries of one push
///   serialize and the second sees the first's `last_sequence`;
/// - no lost updates: a push locks the existing rows it touches as it reads them
///   (`FOR UPDATE`), and a row another process created in the meantime makes it roll back
///   and merge again;
/// - the ordering trap: change-log positions are taken under a shared advisory lock (the
///   change-log fence) held until commit, and a pull reads only as far as the fence shows
///   nothing in flight (see `PostgresChangeStore+Push.swift`).
///
/// The caller owns the `PostgresClient` and runs it (`client.run()`, for example in the
/// server's `ServiceGroup`); call `migrate()` once it runs, before serving.
///
/// ```swift
/// let client = PostgresClient(configuration: try PostgresURL.configuration(from: url))
/// let store = PostgresChangeStore(client: client, schema: OutpostSchema.current, logger: logger)
/// // in a task group or ServiceGroup: await client.run()
/// try await store.migrate()
/// ```
public final class PostgresChangeStore: ChangeStore {
    let client: PostgresClient
    let schema: Schema
    let tables: [EntityName: PostgresEntityTable]
    let skewBudget: ClockSkewBudget
    let logger: Logger
    /// What pushed clocks are clamped from: read from the devices at the first push.
    let latestServerTime = LatestServerTime()
    /// Set once the organisation has a user row (`readerScope`): rows are never removed from
    /// the user table (a deletion is a tombstone), so from then on the question need not be
    /// asked again on every push and pull.
    let organisationExists = Atomic<Bool>(false)

    /// Creates a store on `client`'s database. It touches the database only when used.
    /// - Parameters:
    ///   - client: the connection pool; the caller runs it.
    ///   - schema: the replicated schema its entity tables are made from.
    ///   - skewBudget: how far ahead of server time a pushed clock may be before it is clamped.
    ///   - logger: where queries log (at debug and trace).
    public init(client: PostgresClient, schema: Schema, skewBudget: ClockSkewBudget = ClockSkewBudget(), logger: Logger) {
        self.client = client
        self.schema = schema
        self.skewBudget = skewBudget
        self.logger = logger
        tables = Dictionary(uniqueKeysWithValues: schema.entities.map { ($0.name, PostgresEntityTable($0)) })
    }

    /// Brings the database's schema up to date. Safe to call from several processes at once:
    /// one migrates, the others wait for it and then find nothing to do.
    /// - Throws: `PostgresStoreError.databaseNewerThanServer`; database errors as they come.
    public func migrate() async throws {
        try await PostgresMigrations.migrate(schema: schema, client: client, logger: logger)
    }

    public func storeID() async throws -> String {
        for try await id in try await client.query("SELECT id FROM store_id", logger: logger).decode(String.self) { return id }
        throw ServerError.internalFailure   // inserted by its migration: cannot be missing
    }

    @discardableResult
    public func registerDevice(_ device: DeviceID, user: UserID, skewMilliseconds: Int64, serverNow: Int64) async throws -> RegisteredDevice {
        // The update happens only for the device's owner; no row back means someone else owns it.
        let owners = try await client.query("""
            INSERT INTO device (id, user_id, handshake_skew_ms, last_seen_at)
            VALUES (\(device.rawValue), \(user.rawValue), \(skewMilliseconds), \(serverNow))
            ON CONFLICT (id) DO UPDATE SET handshake_skew_ms = excluded.handshake_skew_ms, last_seen_at = excluded.last_seen_at
            WHERE device.user_id = excluded.user_id
            RETURNING last_sequence, last_clock
            """, logger: logger)
        for try await (lastSequence, lastClock) in owners.decode((Int64, String?).self) {
            return RegisteredDevice(lastSequence: lastSequence, lastClock: lastClock.flatMap { HLCTimestamp($0) })
        }
        throw ServerError.deviceMismatch(device: device.rawValue)
    }

    public func clockReport(for device: DeviceID) async throws -> DeviceClockReport? {
        let rows = try await client.query("""
            SELECT user_id, handshake_skew_ms, largest_push_skew_ms, clamped_writes FROM device WHERE id = \(device.rawValue)
            """, logger: logger)
        for try await (user, handshake, largest, clamped) in rows.decode((String, Int64, Int64, Int64).self) {
            return DeviceClockReport(user: UserID(user), handshakeSkewMilliseconds: handshake,
                                     largestPushSkewMilliseconds: largest, clampedWrites: clamped)
        }
        return nil
    }

    /// The highest change-log position visible to `connection`'s current snapshot. A lower
    /// position may still be in flight: pulls read no further than `settledHead()`.
    func headPosition(on connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.query("SELECT COALESCE(MAX(position), 0) FROM change_log", logger: logger)
        for try await head in rows.decode(Int64.self) { return head }
        return 0
    }

    /// The highest change-log position below which no transaction is still in flight: takes
    /// the change-log fence exclusively for a moment (waiting for every transaction that has
    /// taken positions to end) and reads the sequence (see `appendToLogs`). Asked before a
    /// pull's snapshot is taken, so that snapshot sees every position up to it.
    func settledHead() async throws -> Int64 {
        for try await head in try await client.query("SELECT outpost_settled_head()", logger: logger).decode(Int64.self) {
            return head
        }
        return 0
    }
}
