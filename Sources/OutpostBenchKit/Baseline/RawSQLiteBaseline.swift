import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostSQLite

/// The same-run baselines: what the system SQLite does with the same rows through GRDB, with
/// nothing of Outpost in the way (plain tables: an id and one column per field; WAL; prepared
/// statements).
enum RawSQLiteBaseline {
    /// Bulk insert: every lead and follow-up in one transaction, one prepared statement per table.
    /// - Returns: seconds taken (table creation excluded).
    static func bulkInsert(_ dataset: BenchDataset, path: String) throws -> Double {
        let pool = try open(path, durability: "NORMAL")
        try pool.write { db in try createTables(in: db) }
        return try Measure.seconds {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction {
                    for (entity, rows) in [(OutpostSchema.lead, dataset.leads), (OutpostSchema.followUp, dataset.followUps)] {
                        try insert(rows, into: entity, in: db)
                    }
                    return .commit
                }
            }
        }
    }

    /// Single-field updates by primary key, all in one transaction with one prepared statement
    /// per field.
    /// - Returns: seconds taken.
    static func singleFieldUpdates(_ updates: [FieldUpdate], path: String) throws -> Double {
        let pool = try open(path, durability: "NORMAL")
        return try Measure.seconds {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction {
                    for update in updates {
                        let statement = try db.cachedStatement(sql: "UPDATE lead SET \"\(update.field.rawValue)\" = ? WHERE id = ?")
                        try statement.execute(arguments: [update.value.databaseValue, update.id.rawValue])
                    }
                    return .commit
                }
            }
        }
    }

    /// One-row commits: each edit (one row, the same three columns as S5) in its own
    /// transaction, with `PRAGMA synchronous` set to `durability` (WAL).
    /// - Returns: the latency of each commit, in seconds.
    static func oneRowCommits(_ edits: [LocalEdit], path: String, durability: String) throws -> [Double] {
        let pool = try open(path, durability: durability)
        var latencies: [Double] = []
        latencies.reserveCapacity(edits.count)
        try pool.writeWithoutTransaction { db in
            for edit in edits {
                let columns = edit.values.map { "\"\($0.field.rawValue)\" = ?" }.joined(separator: ", ")
                let statement = try db.cachedStatement(sql: "UPDATE lead SET \(columns) WHERE id = ?")
                let arguments = StatementArguments(edit.values.map(\.value.databaseValue) + [edit.id.rawValue.databaseValue])
                let start = Measure.now()
                try db.inTransaction {
                    try statement.execute(arguments: arguments)
                    return .commit
                }
                latencies.append(Measure.now() - start)
            }
        }
        return latencies
    }

    /// Writes a plain SQLite file (`id` and one column per data field, no stamps, journal or
    /// indexes) holding the same rows as the replica at `replicaPath`, every entity, in id
    /// order; returns its size in bytes.
    static func plainCopy(of replicaPath: String, to path: String) throws -> Int64 {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS replica", arguments: [replicaPath])
            try db.inTransaction {
                try createTables(in: db)
                for entity in OutpostSchema.current.entities {
                    let columns = (["id"] + entity.dataFields.map { "\"\($0.name.rawValue)\"" }).joined(separator: ", ")
                    let table = "\"\(entity.name.rawValue)\""
                    try db.execute(sql: "INSERT INTO main.\(table) (\(columns)) SELECT \(columns) FROM replica.\(table) ORDER BY id")
                }
                return .commit
            }
            try db.execute(sql: "DETACH DATABASE replica")
        }
        try queue.close()
        return fileSize(path)
    }

    /// Checkpoints the WAL into the main file and returns the file's size in bytes.
    static func checkpointedSize(of path: String) throws -> Int64 {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        return fileSize(path) + fileSize(path + "-wal")
    }

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    // MARK: - Private

    private static func open(_ path: String, durability: String) throws -> DatabasePool {
        let pool = try DatabasePool(path: path)
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(durability)") }
        return pool
    }

    private static func createTables(in db: Database) throws {
        for entity in OutpostSchema.current.entities {
            let columns = entity.dataFields.map { field -> String in
                switch field.type {
                case .integer, .timestamp, .boolean, .money: "\"\(field.name.rawValue)\" INTEGER"
                case .real: "\"\(field.name.rawValue)\" REAL"
                case .text, .enumeration, .reference, .formatted, .date, .list, .stage, .tagSet, .composite: "\"\(field.name.rawValue)\" TEXT"
                }
            }
            try db.execute(sql: "CREATE TABLE \"\(entity.name.rawValue)\" (id TEXT PRIMARY KEY NOT NULL, \(columns.joined(separator: ", ")))")
        }
    }

    private static func insert(_ rows: [BenchRow], into entity: EntitySchema, in db: Database) throws {
        let fields = entity.dataFields.map(\.name)
        let names = (["id"] + fields.map { "\"\($0.rawValue)\"" }).joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: fields.count + 1).joined(separator: ", ")
        let statement = try db.makeStatement(sql: "INSERT INTO \"\(entity.name.rawValue)\" (\(names)) VALUES (\(placeholders))")
        let position = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1, $0) })
        var arguments = [DatabaseValue](repeating: .null, count: fields.count + 1)
        for row in rows {
            for index in arguments.indices { arguments[index] = .null }
            arguments[0] = row.id.rawValue.databaseValue
            for (field, value) in row.values {
                if let index = position[field] { arguments[index + 1] = value.databaseValue }
            }
            try statement.execute(arguments: StatementArguments(arguments))
        }
    }
}
