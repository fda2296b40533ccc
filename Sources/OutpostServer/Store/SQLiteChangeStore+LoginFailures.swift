import GRDB

extension SQLiteChangeStore {
    public func loginFailures(for keys: [String], after since: Int64) async throws -> [String: [Int64]] {
        guard !keys.isEmpty else { return [:] }
        return try await database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT key, failed_at FROM login_failure WHERE key IN (\(databaseQuestionMarks(count: keys.count))) AND failed_at > ?
                ORDER BY key, failed_at
                """, arguments: StatementArguments(keys) + [since])
            return Dictionary(grouping: rows, by: { $0["key"] as String }).mapValues { $0.map { $0["failed_at"] as Int64 } }
        }
    }

    public func recordLoginFailure(for keys: [String], at now: Int64, forgettingUpTo expiredBefore: Int64) async throws {
        try await database.write { db in
            for key in keys {
                try db.execute(sql: "DELETE FROM login_failure WHERE key = ? AND failed_at <= ?", arguments: [key, expiredBefore])
                try db.execute(sql: "INSERT INTO login_failure (key, failed_at) VALUES (?, ?)", arguments: [key, now])
            }
        }
    }

    public func forgetLoginFailures(of key: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM login_failure WHERE key = ?", arguments: [key])
        }
    }
}
