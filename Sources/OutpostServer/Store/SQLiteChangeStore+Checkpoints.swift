import GRDB

extension SQLiteChangeStore {
    /// SQLite's default: the commit that takes the log past this many pages checkpoints it.
    static let automaticCheckpointPages = 1_000

    /// Turns the writer's automatic WAL checkpoints on (SQLite's default) or off (while a
    /// `WALCheckpointer` does them in the background). Synchronous, so it also runs in a
    /// task that is being cancelled (a server shutting down).
    func setAutomaticCheckpoints(enabled: Bool) throws {
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(enabled ? Self.automaticCheckpointPages : 0)")
        }
    }

    /// A connection of its own to the store's file, for checkpoints beside the writer.
    func makeCheckpointConnection() throws -> DatabaseQueue {
        var configuration = Configuration()
        // A truncating checkpoint waits this long for readers and the writer before it gives up.
        configuration.busyMode = .timeout(5)
        let connection = try DatabaseQueue(path: database.path, configuration: configuration)
        let durability = durability
        try connection.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability.synchronousPragma)")
        }
        return connection
    }
}
