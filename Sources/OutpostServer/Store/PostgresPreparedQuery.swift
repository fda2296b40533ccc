import Logging
import PostgresNIO

/// Runs the statements of the push path as named prepared statements: PostgreSQL parses and
/// plans each once per connection instead of once per push. Parsing and planning were half of
/// the backends' CPU during S6pg (BENCHMARKS "What still limits each figure"); the statements
/// themselves cost little.
///
/// postgres-nio prepares a statement per connection, on first use, under a name its type gives
/// (`PostgresPreparedStatement.name`, `.sql`: static). The entity tables' SQL is only known at
/// run time (built from the schema), so the name and SQL travel in a task-local value that the
/// library reads, synchronously, when `execute` is called. The name is a hash of the SQL: one
/// name, one text, on every connection.
///
/// Only statements about a few rows are prepared: after five runs PostgreSQL keeps a generic
/// plan, made without the parameters' values, and for a batch of a thousand rows that plan
/// (sized for a handful) was slower than planning each time — S3 dropped to a third. A batch
/// pays its planning once for many rows anyway.
///
/// Every parameter of a prepared query's SQL carries an explicit type (`$1::text[]`,
/// `$2::int8`): PostgreSQL infers the types of a prepared statement's parameters from the SQL
/// alone, and the values are sent in postgres-nio's binary formats.
struct PostgresPreparedQuery: PostgresPreparedStatement {
    /// The name and SQL of the statement being executed.
    struct Text: Sendable {
        let name: String
        let sql: String
    }

    @TaskLocal static var current = Text(name: "", sql: "")

    static var name: String { current.name }
    static var sql: String { current.sql }

    typealias Row = PostgresRow

    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }

    /// The prepared statement's name for `sql`: `outpost_` and 16 hex digits of its FNV-1a hash.
    static func name(for sql: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return "outpost_" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension PostgresConnection {
    /// The most rows a statement names for it to run prepared (`prepared(_:rows:logger:)`).
    static let largestPreparedBatch = 8

    /// Runs `query`, about `rows` rows, prepared when they are few
    /// (`largestPreparedBatch`), else as a statement planned for its values.
    func prepared(_ query: PostgresQuery, rows: Int, logger: Logger) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow> {
        if rows <= Self.largestPreparedBatch { return try await prepared(query, logger: logger) }
        return try await self.query(query, logger: logger).map { row throws in row }
    }

    /// Runs `query` as a named prepared statement (prepared on this connection the first
    /// time), and returns its rows.
    func prepared(_ query: PostgresQuery, logger: Logger) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow> {
        let text = PostgresPreparedQuery.Text(name: PostgresPreparedQuery.name(for: query.sql), sql: query.sql)
        return try await PostgresPreparedQuery.$current.withValue(text) {
            try await execute(PostgresPreparedQuery(bindings: query.binds), logger: logger)
        }
    }
}
