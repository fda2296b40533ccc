import GRDB
import Logging
import ServiceLifecycle

/// Checkpoints the SQLite store's write-ahead log in the background, so no push pays for it.
///
/// Left to itself, SQLite checkpoints inside the commit that takes the log past 1,000 pages:
/// that push waits while the pages are copied into the database and (with
/// `StoreDurability.full`) the database file is fsynced, which is the tail of every durable
/// push's latency. While this service runs, the store's writer does not checkpoint; the
/// service runs a passive checkpoint on a connection of its own every `interval`, which
/// copies pages beside the writer without blocking it. Durability is untouched: a commit is
/// durable once its log frames are synced, whoever checkpoints them later.
///
/// The log stays bounded: a round repeats the passive checkpoint while commits keep landing
/// during it (a fully checkpointed log is rewritten from its start by the next commit), and
/// when the log is still longer than `restartAbovePages` (non-stop pushes never leave it
/// fully copied, or readers hold it), a restarting checkpoint waits for them, copies the rest
/// and makes the next commit rewrite the log from its start. It does not cut the file: a
/// truncating checkpoint emptied a 64 MB log file with `ftruncate` while every push waited,
/// ~35 ms (BENCHMARKS, S6). On shutdown the service truncates the log and gives the writer
/// its automatic checkpoints back.
public struct WALCheckpointer: Service {
    /// What one round of checkpointing found and did.
    public struct Round: Sendable, Equatable {
        /// Pages in the log when the round ended.
        public var logPages: Int
        /// Pages of the log already copied into the database when the round ended.
        public var checkpointedPages: Int
        /// Whether the round had to fall back to a restarting checkpoint.
        public var restarted: Bool
    }

    private let store: SQLiteChangeStore
    private let interval: Duration
    private let restartAbovePages: Int
    private let logger: Logger
    /// Passive checkpoints per round at most: each one copies what committed during the last.
    private let passesPerRound = 4

    /// A checkpointer for `store`.
    /// - Parameters:
    ///   - interval: the time between rounds.
    ///   - restartAbovePages: a log still longer than this after the passive checkpoints is
    ///     copied whole and started over (waiting for readers and briefly for the writer).
    public init(store: SQLiteChangeStore, interval: Duration = .milliseconds(500), restartAbovePages: Int = 16_384,
                logger: Logger) {
        self.store = store
        self.interval = interval
        self.restartAbovePages = restartAbovePages
        self.logger = logger
    }

    /// Turns the writer's automatic checkpoints off, checkpoints every `interval` until
    /// cancelled or shut down, then truncates the log and turns them back on.
    public func run() async throws {
        let connection = try store.makeCheckpointConnection()
        try store.setAutomaticCheckpoints(enabled: false)
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    try await checkpoint(on: connection)
                }
            }
        } catch is CancellationError {
            // Shutting down between rounds is the normal end, not a failure.
        }
        try Self.truncate(on: connection)
        try store.setAutomaticCheckpoints(enabled: true)
    }

    /// Runs one round now, on a connection of its own (tests and `run()`).
    @discardableResult
    public func checkpointOnce() async throws -> Round {
        try await checkpoint(on: try store.makeCheckpointConnection())
    }

    // MARK: - Private

    /// Empties the log. Synchronous: GRDB's async calls refuse to start in a cancelled task,
    /// and shutting down may be one.
    private static func truncate(on connection: DatabaseQueue) throws {
        try connection.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    private func checkpoint(on connection: DatabaseQueue) async throws -> Round {
        let (passesPerRound, restartAbovePages, logger) = (passesPerRound, restartAbovePages, logger)
        return try await connection.writeWithoutTransaction { db in
            var pages = try db.checkpoint(.passive)
            var pass = 1
            while pages.checkpointedFrameCount < pages.walFrameCount && pass < passesPerRound {
                pages = try db.checkpoint(.passive)
                pass += 1
            }
            var restarted = false
            if pages.walFrameCount > restartAbovePages {
                do {
                    pages = try db.checkpoint(.restart)
                    restarted = true
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    // A reader outlasted the busy timeout: the next round tries again.
                    logger.debug("WAL restart postponed", metadata: ["outpost.wal_pages": "\(pages.walFrameCount)"])
                }
            }
            return Round(logPages: pages.walFrameCount, checkpointedPages: pages.checkpointedFrameCount, restarted: restarted)
        }
    }
}
