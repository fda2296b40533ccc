import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Checkpoints a replica file's write-ahead log on a background queue, so no edit waits for it.
///
/// Left to itself, SQLite checkpoints inside the commit that takes the log past 1,000 pages:
/// that edit copies ~4 MB into the database file and syncs it, a few milliseconds, which is
/// the tail of local edit latency (BENCHMARKS.md, S5). Installed on the replica's connections
/// (`install(on:)`, from `Configuration.prepareDatabase`), its commit hook replaces SQLite's
/// automatic checkpoint: a commit that leaves the log past `thresholdPages` only schedules a
/// passive checkpoint on a connection of the checkpointer's own, which copies pages beside the
/// writer without blocking it. Durability is untouched: what a commit made durable is in the
/// log, whoever copies it later.
///
/// The log stays bounded: a round repeats the passive checkpoint while commits land during it,
/// a commit that finds the log past `inlineAbovePages` (the background queue cannot keep up,
/// as in a bootstrap's large pages) checkpoints it itself, as SQLite would have, and the
/// replica's connections cut a log file that grew back to `logFileBytesLimit` when it restarts.
final class ReplicaCheckpointer: Sendable {
    /// SQLite's default automatic checkpoint size.
    static let defaultThresholdPages: Int32 = 1_000
    /// What a log file is cut back to when it restarts (`PRAGMA journal_size_limit`), so a
    /// large pull does not leave a large file behind: the most the log reaches before the
    /// writer checkpoints inline (`inlineAbovePages` by default). At the size of one round
    /// (4 MB), the log of steady editing passed it every round, as commits land while a round
    /// runs, and every restart cut the file and then grew it again: the restarting edit took
    /// 5–15 ms, a fifth of all editing time (BENCHMARKS, S5).
    static let logFileBytesLimit = Int(defaultInlineAbovePages) * 4_096   // pages of 4 KiB, SQLite's default
    /// The log's length past which a commit checkpoints it itself (64 MB of pages). A pull
    /// page's commit adds a thousand pages or more; at four thousand, every few pages the
    /// pull stopped to checkpoint inline (a tenth of applying 100k changes, S4) while a core
    /// sat idle for the background round.
    static let defaultInlineAbovePages: Int32 = 16 * defaultThresholdPages

    private let path: String
    private let thresholdPages: Int32
    private let inlineAbovePages: Int32
    private let queue = DispatchQueue(label: "outpost.replica.checkpoint", qos: .utility)
    /// A round is scheduled or running: commits in the meantime schedule nothing more.
    private let roundPending = Atomic<Bool>(false)
    private let finishedRounds = Atomic<Int>(0)
    /// The checkpointer's own connection, opened by its first round (used on `queue` only).
    private let connection = Mutex<DatabaseQueue?>(nil)
    /// Passive checkpoints per round at most: each one copies what committed during the last.
    private let passesPerRound = 4

    /// A checkpointer for the database file at `path`.
    /// - Parameters:
    ///   - thresholdPages: a commit leaving more pages than this in the log schedules a round.
    ///   - inlineAbovePages: a commit leaving more than this checkpoints inline.
    init(path: String, thresholdPages: Int32 = defaultThresholdPages, inlineAbovePages: Int32 = defaultInlineAbovePages) {
        self.path = path
        self.thresholdPages = thresholdPages
        self.inlineAbovePages = inlineAbovePages
    }

    /// Background rounds finished so far (tests, diagnostics).
    var rounds: Int { finishedRounds.load(ordering: .acquiring) }

    /// Replaces SQLite's automatic checkpoint on `db` with this checkpointer. The caller keeps
    /// the checkpointer alive as long as the connection (the pool's configuration holds it).
    func install(on db: Database) throws {
        try db.execute(sql: "PRAGMA journal_size_limit = \(Self.logFileBytesLimit)")
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(db.sqliteConnection, { context, connection, _, pages in
            guard let context else { return SQLITE_OK }
            Unmanaged<ReplicaCheckpointer>.fromOpaque(context).takeUnretainedValue().committed(logPages: pages, on: connection)
            return SQLITE_OK
        }, context)
    }

    /// Waits for a round in progress, then runs one more on the calling thread: when it
    /// returns, what was committed before the call is copied into the file (unless a reader
    /// still holds part of the log), and the log file is emptied if nothing is using it.
    func checkpointNow() {
        queue.sync { runRound(thenTruncate: true) }
    }

    // MARK: - Private

    /// Called by SQLite after every commit, on the committing thread, with the log's length.
    private func committed(logPages: Int32, on connection: OpaquePointer?) {
        if logPages > inlineAbovePages {
            // A failed inline checkpoint leaves the log as it is; the next commit tries again.
            _ = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            return
        }
        guard logPages > thresholdPages,
              roundPending.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        queue.async { self.runScheduledRound() }
    }

    /// A round scheduled by a commit; commits after it may schedule the next.
    private func runScheduledRound() {
        defer { roundPending.store(false, ordering: .releasing) }
        runRound()
    }

    /// Copies the log into the file; with `thenTruncate`, also empties the log file when no
    /// reader or writer is using it (it keeps the size it grew to otherwise).
    private func runRound(thenTruncate: Bool = false) {
        defer { finishedRounds.add(1, ordering: .releasing) }
        // A round that fails (the file is busy or gone) leaves the log to the next one and,
        // past `inlineAbovePages`, to the writer: nothing is lost either way.
        try? connection.withLock { connection in
            if connection == nil {
                // Opening creates a missing file: a replica deleted meanwhile is left deleted.
                guard FileManager.default.fileExists(atPath: path) else { return }
                connection = try DatabaseQueue(path: path)
            }
            try connection?.writeWithoutTransaction { db in
                var pages = try db.checkpoint(.passive)
                var pass = 1
                while pages.checkpointedFrameCount < pages.walFrameCount && pass < passesPerRound {
                    pages = try db.checkpoint(.passive)
                    pass += 1
                }
                if thenTruncate { _ = try db.checkpoint(.truncate) }
            }
        }
    }
}
