import GRDB

extension SQLiteChangeStore {
    /// Copies the whole store into a new SQLite file at `path` with SQLite's online backup
    /// API, while the server keeps serving: the copy is one consistent snapshot, and a server
    /// started on it resumes from that moment (replicas whose cursor lies beyond it are told
    /// to re-bootstrap, `ServerError.cursorAhead`).
    /// - Throws: a database error when the destination cannot be written.
    public func backup(to path: String) throws {
        let destination = try DatabaseQueue(path: path)
        try database.backup(to: destination)
        try destination.write { db in
            // The copy is what a restore starts from: it jumps past every position the original
            // may hand out after this moment (`RestoreGap`).
            for table in ["change_log", "conflict"] {
                let last = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table]) ?? 0
                try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = ?", arguments: [table])
                try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", arguments: [table, last + RestoreGap.width])
                if table == "change_log" {
                    try db.execute(sql: "INSERT INTO restore_gap (after_position, before_position) VALUES (?, ?)",
                                   arguments: [last, last + RestoreGap.width + 1])
                }
            }
        }
        try destination.close()
    }
}
