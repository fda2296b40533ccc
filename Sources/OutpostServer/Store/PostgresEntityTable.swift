import Foundation
import Logging
import OutpostCore
import PostgresNIO

/// The PostgreSQL table of one entity, laid out like the SQLite one (`EntityTable`): `id`, one
/// column per schema field, `is_deleted`, and `_stamps` (the packed clocks, authors and
/// log positions of every field, DESIGN "Replica layout"), here as BYTEA.
///
/// Reads and writes are batched: a load is one `WHERE id = ANY($1)` query, an insert one
/// `INSERT ... SELECT FROM unnest(...)` with one array per column, an update one `UPDATE ...
/// FROM unnest(...)` with an array per changed column (DESIGN "Batches, not rows").
struct PostgresEntityTable: Sendable {
    /// The entity's schema.
    let entity: EntitySchema
    private let selectSQL: String
    private let lockingSelectSQL: String
    private let lockingSelectOneSQL: String
    private let insertNewSQL: String

    /// Prepares the SQL of the entity's table.
    init(_ entity: EntitySchema) {
        self.entity = entity
        let table = Self.quoted(entity.name.rawValue)
        let fieldColumns = entity.fields.map { Self.quoted($0.name.rawValue) }
        let columns = ["id"] + fieldColumns + ["is_deleted", "_stamps"]
        selectSQL = "SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE id = ANY($1::text[])"
        // Rows are locked in id order, the same order in every transaction: no deadlocks.
        lockingSelectSQL = selectSQL + " ORDER BY id FOR UPDATE"
        // One row by its id: cheaper for PostgreSQL to plan than a match against an array.
        lockingSelectOneSQL = "SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE id = $1::text FOR UPDATE"
        let arrays = (["text"] + entity.fields.map { Self.columnType(of: $0.type) } + ["boolean", "bytea"])
            .enumerated().map { "$\($0.offset + 1)::\($0.element)[]" }
        insertNewSQL = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT * FROM unnest(\(arrays.joined(separator: ", "))) "
            + "ON CONFLICT (id) DO NOTHING RETURNING id"
    }

    /// The statements that create the table, and an index per indexed field of the schema,
    /// if they do not exist (one statement each: the extended protocol runs one at a time).
    var createStatements: [String] {
        let table = Self.quoted(entity.name.rawValue)
        let columns = entity.fields.map { "\(Self.quoted($0.name.rawValue)) \(Self.columnType(of: $0.type))" }
        let createTable = """
            CREATE TABLE IF NOT EXISTS \(table) (
              id TEXT PRIMARY KEY NOT NULL,
              \(columns.joined(separator: ",\n  ")),
              is_deleted BOOLEAN NOT NULL DEFAULT false,
              _stamps BYTEA NOT NULL
            )
            """
        return [createTable] + entity.indexedFields.map { field in
            let index = Self.quoted("\(entity.name.rawValue)_by_\(field.name.rawValue)")
            return "CREATE INDEX IF NOT EXISTS \(index) ON \(table) (\(Self.quoted(field.name.rawValue)))"
        }
    }

    /// The statements that bring a table made by an older schema up to this one: the table if
    /// it is missing, the columns of new fields (empty in existing rows), the indexes.
    var upgradeStatements: [String] {
        let table = Self.quoted(entity.name.rawValue)
        let columns = entity.fields.map {
            "ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS \(Self.quoted($0.name.rawValue)) \(Self.columnType(of: $0.type))"
        }
        return [createStatements[0]] + columns + createStatements.dropFirst()
    }

    /// The fields whose column holds a value, row by row, whatever the row's stamps say: what
    /// a check of the rows against what was written reads (`AuditChain`).
    func filledFields(on connection: PostgresConnection, logger: Logger) async throws -> [RowID: Set<FieldName>] {
        let table = Self.quoted(entity.name.rawValue)
        let tests = entity.fields.map { "(\(Self.quoted($0.name.rawValue)) IS NOT NULL)::int::text" }.joined(separator: " || ")
        var filled: [RowID: Set<FieldName>] = [:]
        let names = entity.fields.map(\.name)
        for try await (id, flags) in try await connection.query(PostgresQuery(unsafeSQL: "SELECT id, \(tests) FROM \(table)"), logger: logger)
            .decode((String, String).self) {
            filled[RowID(id)] = Set(zip(names, flags).lazy.filter { $0.1 == "1" }.map(\.0))
        }
        return filled
    }

    /// Loads the rows with the given ids in one query; ids without a row are absent.
    /// - Parameters:
    ///   - locking: also lock the rows until the transaction ends (`FOR UPDATE`), so no other
    ///     transaction changes them between this read and this transaction's write.
    ///   - since: only the fields written after this change-log position are read: the states
    ///     of a pull page, which delivers a field or two of each row, for reading only, never
    ///     for writing back.
    func load(_ ids: [RowID], locking: Bool = false, writtenAfter since: Int64 = .min,
              on connection: PostgresConnection, logger: Logger) async throws -> [RowID: RowState] {
        var result: [RowID: RowState] = [:]
        guard !ids.isEmpty else { return result }
        result.reserveCapacity(ids.count)
        var binds = PostgresBindings(capacity: 1)
        let sql: String
        if locking, let id = ids.first, ids.count == 1 {
            binds.append(id.rawValue)
            sql = lockingSelectOneSQL
        } else {
            binds.append(ids.map(\.rawValue))
            sql = locking ? lockingSelectSQL : selectSQL
        }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        for try await row in rows {
            let (id, state) = try decode(row, writtenAfter: since)
            result[id] = state
        }
        return result
    }

    /// The ids of the rows whose `field` holds each of `values` (lookups by a key such as a
    /// mobile number or a subject id, text or whole numbers), in id order, in one query.
    func ids(where field: FieldName, in values: [FieldValue], on connection: PostgresConnection, logger: Logger) async throws -> [FieldValue: [RowID]] {
        var found: [FieldValue: [RowID]] = [:]
        for value in values { found[value] = [] }
        let table = Self.quoted(entity.name.rawValue), column = Self.quoted(field.rawValue)
        let texts = values.compactMap(\.textValue), numbers = values.compactMap(\.integerValue)
        if !texts.isEmpty {
            var binds = PostgresBindings(capacity: 1)
            binds.append(texts)
            let sql = "SELECT id, \(column)::text FROM \(table) WHERE \(column)::text = ANY($1::text[]) ORDER BY id"
            for try await (id, value) in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).decode((String, String).self) {
                found[.text(value), default: []].append(RowID(id))
            }
        }
        if !numbers.isEmpty {
            var binds = PostgresBindings(capacity: 1)
            binds.append(numbers)
            let sql = "SELECT id, \(column) FROM \(table) WHERE \(column) = ANY($1::int8[]) ORDER BY id"
            for try await (id, value) in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).decode((String, Int64).self) {
                found[.integer(value), default: []].append(RowID(id))
            }
        }
        return found
    }

    /// Writes the given rows, which exist and are locked by this transaction, as `state` where
    /// the table holds them as `stored`: one `UPDATE` of the columns whose values changed in
    /// any of them, with `is_deleted` and `_stamps`. A push changes a field or two of each row,
    /// and PostgreSQL parses and plans every statement anew: the whole-row upsert named every
    /// column twice and sent an array for each, which was most of a one-change push's planning.
    /// A single row is written by its id, with plain values: planning a join with `unnest`
    /// costs PostgreSQL more than the write itself.
    /// - Throws: `ServerError.internalFailure` when a row is missing (a locked row cannot go).
    func update(_ rows: [(id: RowID, state: RowState, stored: RowState)], on connection: PostgresConnection, logger: Logger) async throws {
        guard !rows.isEmpty else { return }
        let changed = entity.fields.filter { field in
            rows.contains { ($0.state.values[field.name] ?? .null) != ($0.stored.values[field.name] ?? .null) }
        }
        let table = Self.quoted(entity.name.rawValue)
        let written = rows.map { (id: $0.id, state: $0.state) }
        var binds = PostgresBindings(capacity: changed.count + 3)
        let sql: String
        if let row = written.first, written.count == 1 {
            var assignments: [String] = []
            for (offset, field) in changed.enumerated() {
                assignments.append("\(Self.quoted(field.name.rawValue)) = $\(offset + 2)::\(Self.columnType(of: field.type))")
            }
            assignments += ["is_deleted = $\(changed.count + 2)::boolean", "_stamps = $\(changed.count + 3)::bytea"]
            sql = "UPDATE \(table) SET \(assignments.joined(separator: ", ")) WHERE id = $1::text RETURNING id"
            binds.append(row.id.rawValue)
            for field in changed {
                try bindValue(row.state.values[field.name] ?? .null, of: field, to: &binds)
            }
            binds.append(row.state.isDeleted)
            binds.append(ByteBuffer(bytes: row.state.stamps.encoded()))
        } else {
            var assignments: [String] = [], arrays = ["$1::text[]"], names = ["id"]
            for (offset, field) in changed.enumerated() {
                assignments.append("\(Self.quoted(field.name.rawValue)) = v.c\(offset)")
                arrays.append("$\(offset + 2)::\(Self.columnType(of: field.type))[]")
                names.append("c\(offset)")
            }
            assignments += ["is_deleted = v.is_deleted", "_stamps = v.stamps"]
            arrays += ["$\(changed.count + 2)::boolean[]", "$\(changed.count + 3)::bytea[]"]
            names += ["is_deleted", "stamps"]
            sql = "UPDATE \(table) SET \(assignments.joined(separator: ", ")) "
                + "FROM unnest(\(arrays.joined(separator: ", "))) AS v(\(names.joined(separator: ", "))) WHERE \(table).id = v.id RETURNING v.id"
            binds.append(written.map(\.id.rawValue))
            for field in changed {
                try bindColumn(field, of: written, to: &binds)
            }
            binds.append(written.map(\.state.isDeleted))
            binds.append(written.map { ByteBuffer(bytes: $0.state.stamps.encoded()) })
        }
        var count = 0
        for try await _ in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
            count += 1
        }
        guard count == rows.count else { throw ServerError.internalFailure }
    }

    /// Inserts rows that did not exist when they were loaded, in one statement.
    /// - Returns: the ids that were inserted; an id missing from it was created meanwhile by
    ///   another transaction, which has committed (PostgreSQL makes an insert that meets an
    ///   uncommitted row with the same id wait for that row's transaction to end).
    func insertNew(_ rows: [(id: RowID, state: RowState)], on connection: PostgresConnection, logger: Logger) async throws -> Set<RowID> {
        var inserted = Set<RowID>()
        guard !rows.isEmpty else { return inserted }
        let ids = try await connection.query(PostgresQuery(unsafeSQL: insertNewSQL, binds: try binds(for: rows)), logger: logger)
        for try await id in ids.decode(String.self) {
            inserted.insert(RowID(id))
        }
        return inserted
    }

    // MARK: - Private

    /// One array per column: id, every field, is_deleted, _stamps.
    private func binds(for rows: [(id: RowID, state: RowState)]) throws -> PostgresBindings {
        var binds = PostgresBindings(capacity: entity.fields.count + 3)
        binds.append(rows.map(\.id.rawValue))
        for field in entity.fields {
            try bindColumn(field, of: rows, to: &binds)
        }
        binds.append(rows.map(\.state.isDeleted))
        binds.append(rows.map { ByteBuffer(bytes: $0.state.stamps.encoded()) })
        return binds
    }

    /// Reads one row selected by `selectSQL` (id, fields in order, is_deleted, _stamps): the
    /// fields written after log position `since` (`.min`: every field).
    private func decode(_ row: PostgresRow, writtenAfter since: Int64) throws -> (RowID, RowState) {
        var cells = row.makeIterator()
        guard let idCell = cells.next() else { throw ServerError.internalFailure }
        let id = RowID(try idCell.decode(String.self))
        var fieldCells: [PostgresCell] = []
        fieldCells.reserveCapacity(entity.fields.count)
        for _ in entity.fields {
            guard let cell = cells.next() else { throw ServerError.internalFailure }
            fieldCells.append(cell)
        }
        _ = cells.next()   // is_deleted: derived from the stamps, not read back
        guard let stampsCell = cells.next() else { throw ServerError.internalFailure }
        let stamps = try FieldStamps(decoding: Array(buffer: try stampsCell.decode(ByteBuffer.self)), numbering: .none, writtenAfter: since)
        var values: [FieldName: FieldValue] = [:]
        values.reserveCapacity(stamps.byField.count)
        for (field, cell) in zip(entity.fields, fieldCells) where stamps[field.name] != nil {
            values[field.name] = try FieldValue(postgresCell: cell, type: field.type)
        }
        return (id, RowState(values: values, stamps: stamps))
    }

    private func bindColumn(_ field: FieldSchema, of rows: [(id: RowID, state: RowState)], to binds: inout PostgresBindings) throws {
        let values = rows.map { $0.state.values[field.name] ?? .null }
        switch Self.cellKind(of: field.type) {
        case .text: try binds.append(PostgresNullableArray(try values.map(Self.text)))
        case .json: try binds.append(PostgresNullableArray(values.map(Self.json)))
        case .real: try binds.append(PostgresNullableArray(try values.map(Self.real)))
        case .integer: try binds.append(PostgresNullableArray(try values.map(Self.integer)))
        case .boolean: try binds.append(PostgresNullableArray(try values.map(Self.boolean)))
        }
    }

    private func bindValue(_ value: FieldValue, of field: FieldSchema, to binds: inout PostgresBindings) throws {
        switch Self.cellKind(of: field.type) {
        case .text: try binds.append(try Self.text(value))
        case .json: try binds.append(Self.json(value))
        case .real: try binds.append(try Self.real(value))
        case .integer: try binds.append(try Self.integer(value))
        case .boolean: try binds.append(try Self.boolean(value))
        }
    }

    /// How a field's values are sent: the PostgreSQL type of its column.
    private enum CellKind { case text, json, real, integer, boolean }

    private static func cellKind(of type: FieldType) -> CellKind {
        switch type {
        case .integer, .timestamp, .money: .integer
        case .real: .real
        case .boolean: .boolean
        case .text, .enumeration, .reference, .formatted, .date: .text
        case .stage, .tagSet, .composite, .list: .json
        }
    }

    private static func text(_ value: FieldValue) throws -> String? {
        switch value {
        case .null: nil
        case .text(let text): text
        default: throw ServerError.internalFailure   // validated against the schema before: cannot happen
        }
    }

    /// Structured values (stage, tags, composites, lists) live as JSON text, as in the SQLite store.
    private static func json(_ value: FieldValue) -> String? {
        value == .null ? nil : value.jsonText
    }

    private static func real(_ value: FieldValue) throws -> Double? {
        switch value {
        case .null: nil
        case .real(let number): number
        case .integer(let number): Double(number)
        default: throw ServerError.internalFailure
        }
    }

    private static func integer(_ value: FieldValue) throws -> Int64? {
        switch value {
        case .null: nil
        case .integer(let number): number
        default: throw ServerError.internalFailure
        }
    }

    private static func boolean(_ value: FieldValue) throws -> Bool? {
        switch value {
        case .null: nil
        case .bool(let flag): flag
        default: throw ServerError.internalFailure
        }
    }

    private static func columnType(of type: FieldType) -> String {
        switch type {
        case .integer, .timestamp, .money: "bigint"
        case .real: "double precision"
        case .boolean: "boolean"
        case .text, .enumeration, .reference, .formatted, .date, .list, .stage, .tagSet, .composite: "text"
        }
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
