import PostgresNIO

extension PostgresChangeStore {
    public func loginFailures(for keys: [String], after since: Int64) async throws -> [String: [Int64]] {
        guard !keys.isEmpty else { return [:] }
        let rows = try await client.query("""
            SELECT key, failed_at FROM login_failure WHERE key = ANY(\(keys)::text[]) AND failed_at > \(since) ORDER BY key, failed_at
            """, logger: logger)
        var failures: [String: [Int64]] = [:]
        for try await (key, failedAt) in rows.decode((String, Int64).self) {
            failures[key, default: []].append(failedAt)
        }
        return failures
    }

    public func recordLoginFailure(for keys: [String], at now: Int64, forgettingUpTo expiredBefore: Int64) async throws {
        guard !keys.isEmpty else { return }
        try await client.query("""
            WITH expired AS (DELETE FROM login_failure WHERE key = ANY(\(keys)::text[]) AND failed_at <= \(expiredBefore))
            INSERT INTO login_failure (key, failed_at) SELECT key, \(now) FROM unnest(\(keys)::text[]) AS key
            """, logger: logger)
    }

    public func forgetLoginFailures(of key: String) async throws {
        try await client.query("DELETE FROM login_failure WHERE key = \(key)", logger: logger)
    }
}
