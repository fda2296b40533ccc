import Foundation
import Logging
import OutpostCore
import PostgresNIO

/// The server's PostgreSQL schema, as versioned migrations run at start.
///
/// All pending migrations run in one transaction that first takes a transaction-level
/// advisory lock: when several `outpost-server` processes start at once, one migrates and
/// the others wait, then find nothing left to do. DDL is transactional in PostgreSQL, so a
/// failed migration leaves the database as it was. The same transaction starts the process's
/// run: new changes are numbered past everything handed out before (`RestoreGap`).
enum PostgresMigrations {
    /// One version of the schema: the statements that bring the previous version to it.
    struct Migration {
        /// Increases by one per migration; recorded in `outpost_migration`.
        var version: Int32
        /// A short name for logs and the bookkeeping table.
        var name: String
        /// Statements, one per query (the extended protocol runs one statement at a time).
        var statements: [String]
    }

    /// Every migration, oldest first. Entity tables are made from the replicated `Schema`, as
    /// on SQLite (`ServerMigrations`).
    static func all(schema: Schema) -> [Migration] {
        ([
            Migration(version: 1, name: "bookkeeping", statements: [
                // CACHE 1 (the default) matters: with a per-session cache the sequence's value
                // would not be the highest position handed out (`outpost_settled_head`).
                "CREATE SEQUENCE change_log_position_seq CACHE 1",
                """
                CREATE TABLE change_log (
                  position BIGINT PRIMARY KEY,
                  entity TEXT NOT NULL,
                  row_id TEXT NOT NULL,
                  UNIQUE (entity, row_id)
                )
                """,
                """
                CREATE TABLE device (
                  id TEXT PRIMARY KEY NOT NULL,
                  user_id TEXT NOT NULL,
                  last_sequence BIGINT NOT NULL DEFAULT 0,
                  last_clamped_clock TEXT,
                  handshake_skew_ms BIGINT NOT NULL DEFAULT 0,
                  largest_push_skew_ms BIGINT NOT NULL DEFAULT 0,
                  clamped_writes BIGINT NOT NULL DEFAULT 0,
                  last_seen_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE push_result (
                  device_id TEXT NOT NULL,
                  sequence BIGINT NOT NULL,
                  status TEXT NOT NULL,
                  stored_clock TEXT,
                  conflict_id TEXT,
                  code TEXT,
                  message TEXT,
                  current_version TEXT,
                  PRIMARY KEY (device_id, sequence)
                )
                """,
                "CREATE SEQUENCE conflict_position_seq CACHE 1",
                """
                CREATE TABLE conflict (
                  position BIGINT PRIMARY KEY,
                  id TEXT NOT NULL UNIQUE,
                  entity TEXT NOT NULL,
                  row_id TEXT NOT NULL,
                  field TEXT NOT NULL,
                  winner_value TEXT NOT NULL,
                  winner_clock TEXT NOT NULL,
                  winner_author TEXT NOT NULL,
                  loser_value TEXT NOT NULL,
                  loser_clock TEXT NOT NULL,
                  loser_author TEXT NOT NULL,
                  rule TEXT NOT NULL,
                  recorded_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX conflict_by_loser ON conflict (loser_author, position)",
            ]),
            Migration(version: 2, name: "entities",
                      statements: schema.entities.flatMap { PostgresEntityTable($0).createStatements }),
            Migration(version: 3, name: "restore gaps", statements: [
                // Positions a restored store never issued; see `RestoreGap`.
                "CREATE TABLE restore_gap (after_position BIGINT NOT NULL, before_position BIGINT NOT NULL)",
                // Was how a restored database was recognised (its OID); unused since every
                // process start numbers past what came before (`markRunStart`).
                "CREATE TABLE store_identity (table_oid BIGINT NOT NULL)",
            ]),
            Migration(version: 4, name: "command aliases", statements: [
                // The alias map of a command's answer (a second `convert`), kept for repeats.
                "ALTER TABLE push_result ADD COLUMN aliases TEXT",
            ]),
            Migration(version: 6, name: "identity", statements: identityStatements),
        ] + stride(from: 2, through: schema.version, by: 1).map { version in
            // A store made by an older schema gets the new tables, columns and indexes (schema 2:
            // the CRM's entities beside schema 1's lead and follow-up); version 5 is schema 2,
            // and later schemas follow the identity tables (schema 3 is version 7).
            Migration(version: Int32(version == 2 ? 5 : 4 + version), name: "schema \(version)",
                      statements: schema.entities.flatMap { PostgresEntityTable($0).upgradeStatements })
        } + [
            // Fixed numbers from 101 on, clear of the schema upgrades above (schema 2 is 5, later schemas 4 + version).
            Migration(version: scopeIndexVersion, name: "scope index", statements: [
                // Which scope keys each row is filed under, for pulls filtered by scope (`ScopeKey`).
                """
                CREATE TABLE change_scope (
                  key TEXT NOT NULL,
                  entity TEXT NOT NULL,
                  row_id TEXT NOT NULL,
                  position BIGINT NOT NULL,
                  entered_at BIGINT NOT NULL,
                  gone BOOLEAN NOT NULL DEFAULT false,
                  PRIMARY KEY (key, entity, row_id)
                )
                """,
                "CREATE INDEX change_scope_by_key ON change_scope (key, position)",
            ]),
            Migration(version: 102, name: "allocation cursors", statements: [
                // Server-only (never replicated): the member of each team who received the
                // last round-robin lead (R-5.4, `RoundRobinAllocation`).
                "CREATE TABLE allocation_cursor (team_id TEXT PRIMARY KEY NOT NULL, last_user_id TEXT NOT NULL)",
            ]),
            Migration(version: 103, name: "change-log fence", statements: [
                // `PostgresChangeStore.settledHead`: in a function so the fence is taken before
                // the sequence is read, in one round trip. The sequence is read directly (not
                // through a snapshot): CACHE 1 makes its value the highest position handed out.
                """
                CREATE FUNCTION outpost_settled_head() RETURNS BIGINT LANGUAGE plpgsql VOLATILE AS $$
                BEGIN
                  PERFORM pg_advisory_xact_lock(\(PostgresAdvisoryLock.changeLogFence));
                  RETURN (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_log_position_seq);
                END $$
                """,
            ]),
            Migration(version: 104, name: "store id", statements: [
                // Which database this is, for replicas (`ChangeStore.storeID`): a dump restored
                // elsewhere keeps it, another server's database has its own.
                "CREATE TABLE store_id (id TEXT NOT NULL)",
                "INSERT INTO store_id (id) SELECT md5(random()::text || clock_timestamp()::text || pg_backend_pid()::text)",
            ]),
            Migration(version: 105, name: "login failures", statements: [
                // Failed logins by key (`user:…`, `address:…`) within the rate limit's window
                // (`LoginRateLimiter`): every process on the database counts the same ones.
                "CREATE TABLE login_failure (key TEXT NOT NULL, failed_at BIGINT NOT NULL)",
                "CREATE INDEX login_failure_by_key ON login_failure (key, failed_at)",
            ]),
            Migration(version: 106, name: "device last clock", statements: [
                // The latest clock taken from each device (`RegisteredDevice.lastClock`): a
                // restored or copied replica file moves its clock past it.
                "ALTER TABLE device ADD COLUMN last_clock TEXT",
            ]),
        ]).sorted { $0.version < $1.version }
    }

    /// The migration that adds the scope index; the rows already stored are filed right after it.
    static let scopeIndexVersion: Int32 = 101

    /// Server-only tables no replica pulls (protocol/auth.md): password hashes, device tokens
    /// (their SHA-256 hashes only), a disabled user's quarantined pushes, and the hash chain
    /// over audit_log rows, appended under the commit-order lock in commit order.
    private static let identityStatements = [
        """
        CREATE TABLE credential (
          user_id TEXT PRIMARY KEY NOT NULL,
          password_hash TEXT NOT NULL,
          updated_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE device_token (
          device_id TEXT PRIMARY KEY NOT NULL,
          token_hash TEXT NOT NULL UNIQUE,
          user_id TEXT NOT NULL,
          device_name TEXT,
          created_at BIGINT NOT NULL,
          last_used_at BIGINT,
          revoked_at BIGINT
        )
        """,
        "CREATE INDEX device_token_by_user ON device_token (user_id)",
        """
        CREATE TABLE quarantine (
          device_id TEXT NOT NULL,
          sequence BIGINT NOT NULL,
          user_id TEXT NOT NULL,
          entity TEXT NOT NULL,
          row_id TEXT NOT NULL,
          target TEXT NOT NULL,
          value TEXT NOT NULL,
          clock TEXT NOT NULL,
          received_at BIGINT NOT NULL,
          PRIMARY KEY (device_id, sequence)
        )
        """,
        """
        CREATE TABLE audit_chain (
          position BIGSERIAL PRIMARY KEY,
          audit_id TEXT NOT NULL UNIQUE,
          hash TEXT NOT NULL
        )
        """,
    ]

    /// Runs the migrations the database lacks, under the migration lock.
    /// - Returns: the versions applied by this call (empty when another process got there first).
    /// - Throws: `PostgresStoreError.databaseNewerThanServer` when the database holds a version
    ///   this build does not know; database errors as they come.
    @discardableResult
    static func migrate(schema: Schema, client: PostgresClient, logger: Logger) async throws -> [Int32] {
        let migrations = all(schema: schema)
        return try await PostgresTransaction.run(on: client, logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresAdvisoryLock.migration))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS outpost_migration (
                  version INTEGER PRIMARY KEY,
                  name TEXT NOT NULL,
                  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied = Set<Int32>()
            for try await version in try await connection.query("SELECT version FROM outpost_migration", logger: logger).decode(Int32.self) {
                applied.insert(version)
            }
            let known = migrations.map(\.version).max() ?? 0
            if let newest = applied.max(), newest > known {
                throw PostgresStoreError.databaseNewerThanServer(databaseVersion: Int(newest), serverVersion: Int(known))
            }
            var done: [Int32] = []
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO outpost_migration (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                if migration.version == scopeIndexVersion {
                    try await PostgresChangeStore.buildScopeIndex(schema: schema, on: connection, logger: logger)
                }
                done.append(migration.version)
            }
            try await markRunStart(on: connection, logger: logger)
            return done
        }
    }

    /// Starts a run of a server process on this database: new changes are numbered past every
    /// number an earlier run can have handed out (`RestoreGap.nextRunStart`), and cursors in
    /// between are refused. Nothing in the database tells a restart from a restore (a dump, a
    /// point-in-time recovery, a disk snapshot), so every process start does this, holding
    /// the change-log fence and the commit-order lock so that no push of a running process
    /// takes a position meanwhile. A database that never numbered a change has nothing to protect.
    private static func markRunStart(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresAdvisoryLock.commitOrder))", logger: logger)
        try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresAdvisoryLock.changeLogFence))", logger: logger)
        var last: Int64 = 0
        for try await head in try await connection.query("""
            SELECT GREATEST((SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_log_position_seq),
                            (SELECT COALESCE(MAX(position), 0) FROM change_log))
            """, logger: logger).decode(Int64.self) {
            last = head
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        if last > 0 {
            let start = RestoreGap.nextRunStart(head: last, nowMilliseconds: now)
            try await connection.query("SELECT setval('change_log_position_seq', \(start))", logger: logger)
            try await connection.query("""
                INSERT INTO restore_gap (after_position, before_position) VALUES (\(last), \(start + 1))
                """, logger: logger)
        }
        var lastConflict: Int64 = 0
        for try await head in try await connection.query("""
            SELECT GREATEST((SELECT COALESCE(MAX(position), 0) FROM conflict),
                            (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM conflict_position_seq))
            """, logger: logger).decode(Int64.self) {
            lastConflict = head
        }
        if lastConflict > 0 {
            try await connection.query("SELECT setval('conflict_position_seq', \(RestoreGap.nextRunStart(head: lastConflict, nowMilliseconds: now)))",
                                       logger: logger)
        }
    }
}
