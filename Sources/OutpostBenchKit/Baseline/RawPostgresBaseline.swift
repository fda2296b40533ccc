import Foundation
import Logging
import NIOCore
import OutpostCore
import OutpostDomain
import PostgresNIO

/// The PostgreSQL baselines, on the bench's cluster and through postgres-nio, with nothing of
/// Outpost in the way: a plain `plain_lead` table (an id and one column per field) holding the
/// same leads as the server.
enum RawPostgresBaseline {
    /// Creates `plain_lead` in `connection`'s database and loads every lead with COPY (not timed).
    static func load(_ dataset: BenchDataset, on connection: PostgresConnection) async throws {
        let fields = OutpostSchema.lead.dataFields
        let columns = fields.map { field -> String in
            switch field.type {
            case .integer, .timestamp, .boolean, .money: "\"\(field.name.rawValue)\" BIGINT"
            case .real: "\"\(field.name.rawValue)\" DOUBLE PRECISION"
            case .text, .enumeration, .reference, .formatted, .date, .list, .stage, .tagSet, .composite: "\"\(field.name.rawValue)\" TEXT"
            }
        }
        try await connection.query(PostgresQuery(unsafeSQL: "CREATE TABLE plain_lead (id TEXT PRIMARY KEY NOT NULL, \(columns.joined(separator: ", ")))"),
                                   logger: BenchPostgres.silentLogger)
        let position = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.name, $0) })
        try await connection.copyFrom(table: "plain_lead", columns: ["id"] + fields.map(\.name.rawValue), logger: BenchPostgres.silentLogger) { writer in
            var buffer = ByteBuffer()
            for lead in dataset.leads {
                var cells = [String](repeating: "\\N", count: fields.count)
                for (field, value) in lead.values {
                    if let index = position[field] { cells[index] = copyText(value) }
                }
                buffer.writeString(copyText(.text(lead.id.rawValue)) + "\t" + cells.joined(separator: "\t") + "\n")
                if buffer.readableBytes > 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        try await connection.query("VACUUM ANALYZE plain_lead", logger: BenchPostgres.silentLogger)
    }

    /// S3's baseline: the same single-field changes as one COPY into a staged temporary table
    /// and one `INSERT … ON CONFLICT (id) DO UPDATE` into `plain_lead`, in one transaction.
    /// - Returns: seconds taken, from `BEGIN` to the end of `COMMIT`.
    static func stagedUpsert(_ updates: [FieldUpdate], on connection: PostgresConnection) async throws -> Double {
        let logger = BenchPostgres.silentLogger
        let updated = Workloads.updatedFields.map(\.rawValue)
        // Encoded before the clock starts, as S2's and S3's push bodies are.
        var buffer = ByteBuffer()
        for update in updates {
            buffer.writeString(copyText(.text(update.id.rawValue)) + "\t" + copyText(.text(update.field.rawValue)) + "\t" + copyText(update.value) + "\n")
        }
        let assignments = updated.map { "\"\($0)\" = COALESCE(excluded.\"\($0)\", plain_lead.\"\($0)\")" }.joined(separator: ", ")
        let picks = updated.map { "CASE WHEN field = '\($0)' THEN value END" }.joined(separator: ", ")
        let upsert = "INSERT INTO plain_lead (id, \(updated.map { "\"\($0)\"" }.joined(separator: ", "))) "
            + "SELECT id, \(picks) FROM staged_change ON CONFLICT (id) DO UPDATE SET \(assignments)"
        return try await Measure.seconds {
            try await connection.query("BEGIN", logger: logger)
            try await connection.query("CREATE TEMPORARY TABLE staged_change (id TEXT, field TEXT, value TEXT) ON COMMIT DROP", logger: logger)
            try await connection.copyFrom(table: "staged_change", columns: ["id", "field", "value"], logger: logger) { writer in
                try await writer.write(buffer)
            }
            try await connection.query(PostgresQuery(unsafeSQL: upsert), logger: logger)
            try await connection.query("COMMIT", logger: logger)
        }
    }

    /// S6pg's baseline: one-row commits (`UPDATE plain_lead SET remark = $1 WHERE id = $2`,
    /// each its own transaction, `synchronous_commit = on`), one connection.
    /// - Returns: each commit's latency in seconds.
    static func durableCommits(_ edits: [LocalEdit], on connection: PostgresConnection) async throws -> [Double] {
        let logger = BenchPostgres.silentLogger
        try await connection.query("SET synchronous_commit = on", logger: logger)
        var latencies: [Double] = []
        latencies.reserveCapacity(edits.count)
        for edit in edits {
            let value = edit.values.first { $0.field == FieldName("remark") }?.value.textValue ?? "回访"
            let start = Measure.now()
            try await connection.query("UPDATE plain_lead SET remark = \(value) WHERE id = \(edit.id.rawValue)", logger: logger)
            latencies.append(Measure.now() - start)
        }
        return latencies
    }

    /// A value in COPY's text format: `\N` for null, backslash escapes for the separators.
    private static func copyText(_ value: FieldValue) -> String {
        let raw: String
        switch value {
        case .null: return "\\N"
        case .text(let text): raw = text
        case .integer(let number): return String(number)
        case .real(let number): return String(number)
        case .bool(let flag): return flag ? "1" : "0"
        case .list, .object: raw = value.jsonText
        }
        guard raw.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == 9 || $0 == 10 || $0 == 13 }) else { return raw }
        return raw.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }
}
