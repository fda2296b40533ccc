import GRDB

extension Replica {
    /// Runs `body` in one transaction on the writer, as `database.write` does, through cached
    /// `BEGIN` and `COMMIT` statements: GRDB parses and prepares both again for every
    /// transaction, about a tenth of a local edit in the profiles (BENCHMARKS, S5).
    /// Rolls back and rethrows when `body` or the commit throws.
    func inEditTransaction<Result>(_ body: (Database) throws -> Result) throws -> Result {
        try database.writeWithoutTransaction { db in
            try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
            do {
                let result = try body(db)
                try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
                return result
            } catch {
                // A failed statement may already have ended the transaction.
                if db.isInsideTransaction { try db.execute(sql: "ROLLBACK TRANSACTION") }
                throw error
            }
        }
    }
}
