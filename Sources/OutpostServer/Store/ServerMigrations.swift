import GRDB
import OutpostCore
import OutpostSQLite

/// The server's SQLite schema, as versioned migrations. Entity tables are made from the
/// replicated `Schema`, so adding a field to the schema is the only change needed.
enum ServerMigrations {
    static func makeMigrator(schema: Schema) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-bookkeeping") { db in
            // AUTOINCREMENT: positions are never reused, so a cursor never meets an old number again.
            try db.execute(sql: """
                CREATE TABLE change_log (
                  position INTEGER PRIMARY KEY AUTOINCREMENT,
                  entity TEXT NOT NULL,
                  row_id TEXT NOT NULL,
                  UNIQUE (entity, row_id)
                );
                CREATE TABLE device (
                  id TEXT PRIMARY KEY NOT NULL,
                  user_id TEXT NOT NULL,
                  last_sequence INTEGER NOT NULL DEFAULT 0,
                  last_clamped_clock TEXT,
                  handshake_skew_ms INTEGER NOT NULL DEFAULT 0,
                  largest_push_skew_ms INTEGER NOT NULL DEFAULT 0,
                  clamped_writes INTEGER NOT NULL DEFAULT 0,
                  last_seen_at INTEGER NOT NULL
                );
                CREATE TABLE push_result (
                  device_id TEXT NOT NULL,
                  sequence INTEGER NOT NULL,
                  status TEXT NOT NULL,
                  stored_clock TEXT,
                  conflict_id TEXT,
                  code TEXT,
                  message TEXT,
                  current_version TEXT,
                  PRIMARY KEY (device_id, sequence)
                ) WITHOUT ROWID;
                CREATE TABLE conflict (
                  position INTEGER PRIMARY KEY AUTOINCREMENT,
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
                  recorded_at INTEGER NOT NULL
                );
                CREATE INDEX conflict_by_loser ON conflict (loser_author, position);
                """)
        }
        migrator.registerMigration("v1-entities") { db in
            for entity in schema.entities {
                try EntityTable(entity).create(in: db)
            }
        }
        migrator.registerMigration("v2-restore-gaps") { db in
            // Positions a restored store never issued; see `RestoreGap`.
            try db.execute(sql: """
                CREATE TABLE restore_gap (
                  after_position INTEGER NOT NULL,
                  before_position INTEGER NOT NULL
                )
                """)
        }
        migrator.registerMigration("v3-command-aliases") { db in
            // The alias map of a command's answer (a second `convert`), kept for repeats.
            try db.execute(sql: "ALTER TABLE push_result ADD COLUMN aliases TEXT")
        }
        for version in stride(from: 2, through: schema.version, by: 1) {
            // A store made by an older schema gets the new tables, columns and indexes (schema 2:
            // the CRM's entities beside schema 1's lead and follow-up); on a newer one, nothing.
            migrator.registerMigration("v4-schema-\(version)") { db in
                for entity in schema.entities {
                    try EntityTable(entity).upgrade(in: db)
                }
            }
        }
        migrator.registerMigration("v5-scope-index") { db in
            // Which scope keys each row is filed under, for pulls filtered by scope (`ScopeKey`).
            try db.execute(sql: """
                CREATE TABLE change_scope (
                  key TEXT NOT NULL,
                  entity TEXT NOT NULL,
                  row_id TEXT NOT NULL,
                  position INTEGER NOT NULL,
                  entered_at INTEGER NOT NULL,
                  gone INTEGER NOT NULL DEFAULT 0,
                  PRIMARY KEY (key, entity, row_id)
                ) WITHOUT ROWID;
                CREATE INDEX change_scope_by_key ON change_scope (key, position);
                """)
            try SQLiteChangeStore.buildScopeIndex(schema: schema, tables: Dictionary(uniqueKeysWithValues: schema.entities.map { ($0.name, try EntityTable($0, numberedBy: db)) }), in: db)
        }
        migrator.registerMigration("v5-identity") { db in
            // Server-only tables no replica pulls (protocol/auth.md): password hashes, device
            // tokens (their SHA-256 hashes only), a disabled user's quarantined pushes, and the
            // hash chain over audit_log rows, in commit order.
            try db.execute(sql: """
                CREATE TABLE credential (
                  user_id TEXT PRIMARY KEY NOT NULL,
                  password_hash TEXT NOT NULL,
                  updated_at INTEGER NOT NULL
                );
                CREATE TABLE device_token (
                  device_id TEXT PRIMARY KEY NOT NULL,
                  token_hash TEXT NOT NULL UNIQUE,
                  user_id TEXT NOT NULL,
                  device_name TEXT,
                  created_at INTEGER NOT NULL,
                  last_used_at INTEGER,
                  revoked_at INTEGER
                );
                CREATE INDEX device_token_by_user ON device_token (user_id);
                CREATE TABLE quarantine (
                  device_id TEXT NOT NULL,
                  sequence INTEGER NOT NULL,
                  user_id TEXT NOT NULL,
                  entity TEXT NOT NULL,
                  row_id TEXT NOT NULL,
                  target TEXT NOT NULL,
                  value TEXT NOT NULL,
                  clock TEXT NOT NULL,
                  received_at INTEGER NOT NULL,
                  PRIMARY KEY (device_id, sequence)
                ) WITHOUT ROWID;
                CREATE TABLE audit_chain (
                  position INTEGER PRIMARY KEY AUTOINCREMENT,
                  audit_id TEXT NOT NULL UNIQUE,
                  hash TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v6-allocation-cursors") { db in
            // Server-only (never replicated): the member of each team who received the last
            // round-robin lead (R-5.4, `RoundRobinAllocation`).
            try db.execute(sql: "CREATE TABLE allocation_cursor (team_id TEXT PRIMARY KEY NOT NULL, last_user_id TEXT NOT NULL)")
        }
        migrator.registerMigration("v7-store-id") { db in
            // Which database this is, for replicas (`ChangeStore.storeID`): a copy restored
            // from a backup keeps it, another server's store has its own.
            try db.execute(sql: "CREATE TABLE store_id (id TEXT NOT NULL)")
            try db.execute(sql: "INSERT INTO store_id (id) VALUES (lower(hex(randomblob(16))))")
        }
        migrator.registerMigration("v8-login-failures") { db in
            // Failed logins by key (`user:…`, `address:…`) within the rate limit's window
            // (`LoginRateLimiter`), in the store so that a restart does not forget them.
            try db.execute(sql: "CREATE TABLE login_failure (key TEXT NOT NULL, failed_at INTEGER NOT NULL)")
            try db.execute(sql: "CREATE INDEX login_failure_by_key ON login_failure (key, failed_at)")
        }
        migrator.registerMigration("v9-device-last-clock") { db in
            // The latest clock taken from each device (`RegisteredDevice.lastClock`): a
            // restored or copied replica file moves its clock past it.
            try db.execute(sql: "ALTER TABLE device ADD COLUMN last_clock TEXT")
        }
        return migrator
    }
}
