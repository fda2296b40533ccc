import GRDB

extension Replica {
    /// Starts over with a server that lost history, in one transaction (spec §12.5: the server
    /// was restored from a backup, and answered the stored cursor with 409
    /// `pull.invalid_cursor`):
    ///
    /// - every journal entry the server applied or superseded is queued again. The restored
    ///   server answers those it still has from its record of this device, changing nothing,
    ///   and applies those it lost, so no acknowledged edit is lost with its history. Refused
    ///   entries stay refused, with their reasons;
    /// - the cursor is forgotten: the next pull is a bootstrap of every row in the user's scope;
    /// - that pull ends by dropping the rows it did not deliver (the restored server does not
    ///   have them, or they are no longer the user's), keeping rows with edits still to push.
    /// - Returns: how many journal entries were queued again.
    @discardableResult
    public func prepareRebootstrap() throws -> Int {
        try database.write { db in
            try db.execute(sql: """
                UPDATE journal SET state = 'pending', code = NULL, message = NULL, conflict_id = NULL,
                  stored_clock = NULL, answered_at = NULL, aliases = NULL
                WHERE state IN ('applied', 'superseded')
                """)
            let requeued = db.changesCount
            try db.execute(sql: "DELETE FROM sync_state WHERE key = ?", arguments: [SyncStateKey.cursor.rawValue])
            try db.execute(sql: "DELETE FROM scope_seen")
            try Self.setValue("1", for: .rescoping, in: db)
            return requeued
        }
    }
}
