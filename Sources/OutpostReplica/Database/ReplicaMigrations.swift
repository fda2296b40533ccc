import GRDB
import OutpostCore
import OutpostSQLite

/// The replica file's schema as versioned migrations: entity tables made from the replicated
/// `Schema`, and beside them the journal, the sync state and the conflicts this user lost.
enum ReplicaMigrations {
    static func makeMigrator(schema: Schema) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-bookkeeping") { db in
            try db.execute(sql: """
                CREATE TABLE journal (
                  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                  entity TEXT NOT NULL,
                  row_id TEXT NOT NULL,
                  field TEXT NOT NULL,
                  value TEXT NOT NULL,
                  clock TEXT NOT NULL,
                  base TEXT,
                  state TEXT NOT NULL DEFAULT 'pending',
                  code TEXT,
                  message TEXT,
                  conflict_id TEXT,
                  stored_clock TEXT,
                  recorded_at INTEGER NOT NULL,
                  answered_at INTEGER
                );
                CREATE INDEX journal_by_state ON journal (state, sequence);
                CREATE INDEX journal_by_row ON journal (entity, row_id, field, state);
                CREATE TABLE sync_state (
                  key TEXT PRIMARY KEY NOT NULL,
                  value TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE lost_conflict (
                  id TEXT PRIMARY KEY NOT NULL,
                  position INTEGER NOT NULL,
                  entity TEXT NOT NULL,
                  row_id TEXT NOT NULL,
                  field TEXT NOT NULL,
                  my_value TEXT NOT NULL,
                  my_clock TEXT NOT NULL,
                  winning_value TEXT NOT NULL,
                  winning_clock TEXT NOT NULL,
                  winning_author TEXT NOT NULL,
                  rule TEXT NOT NULL,
                  recorded_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v1-entities") { db in
            for entity in schema.entities {
                try EntityTable(entity).create(in: db, withFieldIndexes: false)
            }
        }
        migrator.registerMigration("v2-commands") { db in
            // A command entry: `field` holds the command's name, `value` its arguments.
            try db.execute(sql: """
                ALTER TABLE journal ADD COLUMN command_id TEXT;
                ALTER TABLE journal ADD COLUMN aliases TEXT;
                """)
        }
        for version in stride(from: 2, through: schema.version, by: 1) {
            // A replica made by an older schema gets the new tables and columns; the next
            // pull fills them.
            migrator.registerMigration("v3-schema-\(version)") { db in
                for entity in schema.entities {
                    try EntityTable(entity).upgrade(in: db, withFieldIndexes: false)
                }
            }
        }
        migrator.registerMigration("v4-scope-sweep") { db in
            // Rows a restarted pull delivered (`PullPage.restarted`): at its end, the rows it
            // did not deliver have left this user's scope and are dropped.
            try db.execute(sql: "CREATE TABLE scope_seen (entity TEXT NOT NULL, row_id TEXT NOT NULL, PRIMARY KEY (entity, row_id)) WITHOUT ROWID")
            // Rows evicted while they still had edits to push: purged once those are answered.
            try db.execute(sql: "CREATE TABLE evicted_pending (entity TEXT NOT NULL, row_id TEXT NOT NULL, PRIMARY KEY (entity, row_id)) WITHOUT ROWID")
        }
        migrator.registerMigration("v5-journal-without-row-index") { db in
            // Every edit inserted its entries into this index at a random place (rows are
            // edited in any order): a page to read, dirty and log per edit, about a quarter
            // of an edit's cost (BENCHMARKS S5). Its readers do without it: the rest of an
            // edit is found by sequence range, rows with pending entries through
            // `journal_by_state`.
            try db.execute(sql: "DROP INDEX IF EXISTS journal_by_row")
        }
        migrator.registerMigration("v6-journal-sequence-without-autoincrement") { db in
            // AUTOINCREMENT kept the last sequence in `sqlite_sequence`: one more page to read,
            // dirty and log on every edit (BENCHMARKS S5). Journal rows are never deleted, so
            // the largest sequence stays in the table and a plain INTEGER PRIMARY KEY (the
            // largest rowid plus one) never hands a sequence out twice; the server answers a
            // repeated sequence with its first answer, so that must stay true
            // (`ReplicaJournalSequenceTests`).
            try db.execute(sql: """
                CREATE TABLE journal_v6 (
                  sequence INTEGER PRIMARY KEY,
                  entity TEXT NOT NULL,
                  row_id TEXT NOT NULL,
                  field TEXT NOT NULL,
                  value TEXT NOT NULL,
                  clock TEXT NOT NULL,
                  base TEXT,
                  state TEXT NOT NULL DEFAULT 'pending',
                  code TEXT,
                  message TEXT,
                  conflict_id TEXT,
                  stored_clock TEXT,
                  recorded_at INTEGER NOT NULL,
                  answered_at INTEGER,
                  command_id TEXT,
                  aliases TEXT
                );
                INSERT INTO journal_v6 (sequence, entity, row_id, field, value, clock, base, state, code, message,
                                        conflict_id, stored_clock, recorded_at, answered_at, command_id, aliases)
                  SELECT sequence, entity, row_id, field, value, clock, base, state, code, message,
                         conflict_id, stored_clock, recorded_at, answered_at, command_id, aliases FROM journal;
                DROP TABLE journal;
                ALTER TABLE journal_v6 RENAME TO journal;
                CREATE INDEX journal_by_state ON journal (state, sequence);
                DELETE FROM sqlite_sequence WHERE name = 'journal';
                """)
        }
        migrator.registerMigration("v7-entity-tables-without-field-indexes") { db in
            // The server looks rows up by their indexed fields (a mobile number, a parent's
            // id); a replica never does: it reads rows by id, or all of them. Each index cost
            // every pulled row and every edit of its field an entry to write, and a replica of
            // the whole base ~21 MB of its ~123 (BENCHMARKS S1, S5, S7b).
            for entity in schema.entities {
                let indexes = try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL
                    """, arguments: [entity.name.rawValue])
                for index in indexes {
                    try db.execute(sql: "DROP INDEX \(index.quotedDatabaseIdentifier)")
                }
            }
        }
        migrator.registerMigration("v8-lost-conflict-winner-hidden") { db in
            // A lost conflict's winning value is another user's write: once the row leaves this
            // user's scope, or a pool hides the field, the laptop keeps only that it lost.
            try db.execute(sql: """
                ALTER TABLE lost_conflict ADD COLUMN winner_hidden INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX lost_conflict_by_row ON lost_conflict (entity, row_id);
                """)
        }
        return migrator
    }
}
