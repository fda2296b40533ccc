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
            // may hand out after this moment (`RestoreGap`), also when started by an older build.
            try Self.jumpPositions(in: db) { head in head + RestoreGap.width }
        }
        try destination.close()
    }

    /// Starts a run of a server on this file: its numbers jump past every position an earlier
    /// run can have handed out (`RestoreGap.nextRunStart`). Nothing in a file tells a restart
    /// from a restored backup, a copy or a snapshot put back (once or twice), so every server
    /// start does this; a store that never numbered a change has nothing to protect.
    /// - Parameter nowMilliseconds: the server's clock.
    public func beginRun(nowMilliseconds: Int64) async throws {
        try await database.write { db in
            try Self.jumpPositions(in: db) { head in RestoreGap.nextRunStart(head: head, nowMilliseconds: nowMilliseconds) }
        }
    }

    /// Moves the change log's and the conflict log's counters to `start(head)` and records
    /// the change log's gap; a log that never numbered anything keeps its counter.
    private static func jumpPositions(in db: Database, to start: (Int64) -> Int64) throws {
        for table in ["change_log", "conflict"] {
            let last = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table]) ?? 0
            guard last > 0 else { continue }
            let next = start(last)
            try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = ?", arguments: [table])
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", arguments: [table, next])
            if table == "change_log" {
                try db.execute(sql: "INSERT INTO restore_gap (after_position, before_position) VALUES (?, ?)", arguments: [last, next + 1])
            }
        }
    }
}
