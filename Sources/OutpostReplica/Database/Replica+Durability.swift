import GRDB

/// When a replica's commits reach the disk.
///
/// Local commits (edits, pulled pages, push answers) use WAL with `synchronous = NORMAL`: a
/// commit survives the app being killed at any instant (invariant 5), but not a power cut
/// before SQLite's next sync, and it costs no fsync, so an edit takes a fraction of a
/// millisecond. What leaves the laptop must not be forgotten by it, though: a pushed entry
/// that a power cut took back would free its sequence number for a different edit, which the
/// server would answer with the first one's answer (exactly once) and so drop. So before
/// entries are read for a push, and before an export's file appears, one commit with
/// `synchronous = FULL` syncs the log, and with it every commit before it.
extension Replica {
    /// The synchronous mode of every local commit.
    static let localCommitMode = "NORMAL"

    /// Makes every commit so far durable: one small commit (the time, under `durable_at`) with
    /// `synchronous = FULL`, whose fsync of the write-ahead log covers all earlier frames.
    func makeCommittedWritesDurable() throws {
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            do {
                try db.inTransaction {
                    try Self.setValue(String(WallClock.now()), for: .durableAt, in: db)
                    return .commit
                }
            } catch {
                try db.execute(sql: "PRAGMA synchronous = \(Self.localCommitMode)")
                throw error
            }
            try db.execute(sql: "PRAGMA synchronous = \(Self.localCommitMode)")
        }
    }
}
