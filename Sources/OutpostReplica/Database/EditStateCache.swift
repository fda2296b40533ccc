import GRDB
import GRDBSQLite
import Synchronization

/// The sync state the last local edit committed (`EditState`), kept for the next edit while
/// nothing else has written to the replica file since: reading and parsing it from
/// `sync_state` was a tenth of a local edit in the profiles (BENCHMARKS, S5).
///
/// An entry holds two counters read on the writer's connection right after the edit's commit:
/// SQLite's data version of the file (`SQLITE_FCNTL_DATA_VERSION`, which changes with every
/// commit, from this connection or any other, in any process) and the connection's total
/// count of changed rows (which changes with every write of this connection, committed or
/// not: a transaction that edits two rows sees the first one's clock). Only when both are
/// still the same is the entry used; anything else (a pull that moved the clock, a handshake,
/// another process's edit) makes the next edit read the table again.
final class EditStateCache: Sendable {
    private let entry = Mutex<Entry?>(nil)

    private struct Entry {
        var version: Version
        var state: EditState
    }

    /// Where the file stood, seen from one connection.
    private struct Version: Equatable {
        var dataVersion: UInt32
        var totalChanges: Int
    }

    /// The state kept for `db` as the file now stands, or nil when there is none. Call inside
    /// a transaction that has already read from the file, so the data version includes what
    /// other connections committed before it began.
    func state(in db: Database) -> EditState? {
        guard let version = Self.version(of: db) else { return nil }
        return entry.withLock { entry in entry.flatMap { $0.version == version ? $0.state : nil } }
    }

    /// Keeps `state` as what the edit just committed on `db` left in the file.
    func keep(_ state: EditState, committedOn db: Database) {
        let version = Self.version(of: db)
        entry.withLock { entry in entry = version.map { Entry(version: $0, state: state) } }
    }

    private static func version(of db: Database) -> Version? {
        var dataVersion: UInt32 = 0
        // In-memory databases and older SQLite have no data version: no entry is ever used.
        guard sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_DATA_VERSION, &dataVersion) == SQLITE_OK else {
            return nil
        }
        return Version(dataVersion: dataVersion, totalChanges: db.totalChangesCount)
    }
}
