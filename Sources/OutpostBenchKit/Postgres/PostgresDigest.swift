import Foundation
import NIOCore
import OutpostCore
import OutpostDomain
import OutpostServer
import PostgresNIO

extension DatabaseDigest {
    /// The digest of a PostgreSQL store (the tables `PostgresChangeStore` keeps: `id`, one
    /// column per field, `is_deleted`, `_stamps`), hashed exactly as `of(path:)` hashes a
    /// SQLite file, so a replica synced from that server has the same digest.
    static func of(postgres connection: PostgresConnection) async throws -> DatabaseDigest {
        var hasher = FNV1a()
        var counts: [String: Int] = [:]
        for entity in OutpostSchema.current.entities {
            let columns = (["id"] + entity.fields.map { "\"\($0.name.rawValue)\"" } + ["_stamps"]).joined(separator: ", ")
            // The cluster's collation is C (initdb --locale=C.UTF-8): ids sort bytewise, as in SQLite.
            let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT \(columns) FROM \"\(entity.name.rawValue)\" ORDER BY id"),
                                                  logger: BenchPostgres.silentLogger)
            var count = 0
            for try await row in rows {
                var cells = row.makeIterator()
                guard let idCell = cells.next() else { continue }
                let id = RowID(try idCell.decode(String.self))
                var fieldCells: [PostgresCell] = []
                for _ in entity.fields { if let cell = cells.next() { fieldCells.append(cell) } }
                guard let stampsCell = cells.next() else { continue }
                let stamps = try FieldStamps(decoding: Array(buffer: try stampsCell.decode(ByteBuffer.self)))
                var values: [FieldName: FieldValue] = [:]
                for (field, cell) in zip(entity.fields, fieldCells) where stamps[field.name] != nil {
                    values[field.name] = try FieldValue(postgresCell: cell, type: field.type)
                }
                add(id, RowState(values: values, stamps: stamps), of: entity, to: &hasher)
                count += 1
            }
            counts[entity.name.rawValue] = count
        }
        return DatabaseDigest(rowCounts: counts, checksum: hasher.hex)
    }
}
