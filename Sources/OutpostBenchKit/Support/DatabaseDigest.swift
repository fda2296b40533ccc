import GRDB
import OutpostCore
import OutpostDomain
import OutpostSQLite

/// Row counts and a checksum of every replicated row of a SQLite file (a replica or the
/// server's store): ids, field values, clocks and authors, in id order. Log positions are
/// left out (a replica does not keep them), so a converged replica has the server's digest.
struct DatabaseDigest: Equatable, Codable, Sendable {
    /// Rows per entity, tombstoned rows included.
    var rowCounts: [String: Int]
    /// FNV-1a (64 bits, hex) over every row.
    var checksum: String

    /// Reads the file at `path` (read-only; the owner may keep it open).
    static func of(path: String) throws -> DatabaseDigest {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }   // read-only: nothing to lose if closing fails
        return try queue.read { db in
            var hasher = FNV1a()
            var counts: [String: Int] = [:]
            for entity in OutpostSchema.current.entities {
                let table = try EntityTable(entity, numberedBy: db)
                var count = 0
                let rows = try Row.fetchCursor(db, sql: "SELECT \(table.columnList) FROM \"\(table.tableName)\" ORDER BY id")
                while let row = try rows.next() {
                    let (id, state) = try table.decode(row)
                    DatabaseDigest.add(id, state, of: entity, to: &hasher)
                    count += 1
                }
                counts[entity.name.rawValue] = count
            }
            return DatabaseDigest(rowCounts: counts, checksum: hasher.hex)
        }
    }

    /// Rows of every entity in the SQLite file at `path`: the data set's rows, the ownership
    /// events the server adds per lead, and rows its rules derive (suspected duplicates when
    /// two seeded leads share a mobile).
    static func rowCount(path: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }   // read-only: nothing to lose if closing fails
        return try queue.read { db in
            try OutpostSchema.current.entities.reduce(0) { total, entity in
                total + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(EntityTable(entity).tableName)\"") ?? 0)
            }
        }
    }

    /// Adds one row to the checksum: its id, then each stamped field's name, value, clock and
    /// author. Shared by the SQLite and PostgreSQL readers, so equal rows hash equally.
    static func add(_ id: RowID, _ state: RowState, of entity: EntitySchema, to hasher: inout FNV1a) {
        hasher.add(id.rawValue)
        for field in entity.fields {
            guard let stamp = state.stamps[field.name] else { continue }
            hasher.add(field.name.rawValue)
            hasher.add(String(describing: state.values[field.name] ?? .null))
            hasher.add(stamp.clock.description)
            hasher.add(stamp.author.rawValue)
        }
        hasher.add("\u{1D}")
    }
}

/// FNV-1a, 64 bits: order-sensitive and cheap; enough to tell two row sets apart.
struct FNV1a {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        hash ^= 0x1F
        hash = hash &* 0x0000_0100_0000_01B3
    }

    var hex: String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
