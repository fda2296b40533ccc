import GRDB

extension Replica {
    /// Runs `body` in one transaction on the writer, as `database.write` does, through cached
    /// `BEGIN` and `COMMIT` statements: GRDB parses and prepares both again for every
    /// transaction, about a tenth of a local edit in the profiles (BENCHMARKS, S5).
    /// Rolls back and rethrows when `body` or the commit throws; after a commit, hands
    /// `afterCommit` the connection and the result, still on the writer.
    ///
    /// `IMMEDIATE`: the write lock is taken before the edit reads. A deferred transaction read
    /// first, and when another process (a running `outpost sync`) committed meanwhile, its
    /// write failed at once with "database is locked" instead of waiting its turn.
    func inEditTransaction<Result>(_ body: (Database) throws -> Result,
                                   afterCommit: (Database, Result) -> Void = { _, _ in }) throws -> Result {
        try database.writeWithoutTransaction { db in
            try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
            do {
                let result = try body(db)
                try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
                afterCommit(db, result)
                return result
            } catch {
                // A failed statement may already have ended the transaction.
                if db.isInsideTransaction { try db.execute(sql: "ROLLBACK TRANSACTION") }
                throw error
            }
        }
    }
}
