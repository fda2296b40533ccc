import Foundation
import GRDB
import OutpostCore

/// The SQLite table of one entity, made from its schema: `id`, one column per field,
/// `is_deleted` (the row's derived liveness, what apps filter on) and `_stamps` (the packed
/// clocks, authors and log positions of every field, DESIGN "Replica layout").
///
/// The replica and the server's SQLite store both read and write rows through this type.
/// Stamp packs name fields by their column's position in the file (`FieldNumbering`): open
/// the table with `init(_:numberedBy:)` once it exists, so rows are read and written with the
/// file's own numbers.
public struct EntityTable: Sendable {
    /// The entity's schema.
    public let entity: EntitySchema
    /// The numbers that stand for field names in this file's stamp packs.
    public let numbering: FieldNumbering
    /// The upsert statement's SQL, built once: it is executed for every row saved.
    private let upsertSQL: String
    /// The one-row select by id, built once: every local edit loads its row with it.
    private let loadOneSQL: String
    private let quotedTableName: String
    /// `"field" = ?` for each field, in `entity.fields` order: the pieces of a partial update.
    private let assignments: [String]
    /// Each field's name and type, in `entity.fields` order: what `decode` and `save` read for
    /// every field of every row, without copying the field's whole schema each time.
    private let fieldNames: [FieldName]
    private let fieldTypes: [FieldType]
    /// Each field's position in `fieldNames`: rows are read and written by walking the fields
    /// they hold, not every field of the schema.
    private let fieldIndexes: [FieldName: Int]
    /// Each field's place in `fieldNames` and its number in the stamp packs, in one lookup:
    /// a row new to the table is written from a pulled page's fields by name.
    let fieldSlots: [FieldName: FieldSlot]
    /// Each field number's place in `fieldNames` (-1: none), indexed by number: a stamp pack
    /// names fields by number, and a pull reads every one of every row it delivers.
    private let fieldIndexByNumber: [Int]
    /// The columns `decode` reads, in its order: `id`, every field in `entity.fields` order,
    /// `is_deleted`, `_stamps`. Select them by name (`SELECT \(columnList) FROM …`): a table
    /// upgraded by `upgrade` has its new columns at the end, not in schema order.
    public let columnList: String
    /// How this table's SQL names SQLite's rowid: the first of `rowid`, `_rowid_` and `oid`
    /// that no field's column takes (a column of that name hides the rowid behind it).
    private let rowNumberColumn: String

    /// Wraps an entity's schema.
    /// - Parameter numbering: the file's field numbers (`.none` where the table does not
    ///   exist yet, or only for `create` and `upgrade`: rows written with numbers cannot be
    ///   read without them).
    public init(_ entity: EntitySchema, numbering: FieldNumbering = .none) {
        self.entity = entity
        self.numbering = numbering
        quotedTableName = Self.quoted(entity.name.rawValue)
        let names = ["id"] + entity.fields.map { Self.quoted($0.name.rawValue) } + ["is_deleted", "_stamps"]
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ",")
        let updates = names.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        upsertSQL = "INSERT INTO \(quotedTableName) (\(names.joined(separator: ","))) VALUES (\(placeholders)) "
            + "ON CONFLICT(id) DO UPDATE SET \(updates)"
        assignments = entity.fields.map { "\(Self.quoted($0.name.rawValue)) = ?" }
        fieldNames = entity.fields.map(\.name)
        fieldTypes = entity.fields.map(\.type)
        fieldIndexes = Dictionary(entity.fields.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        columnList = names.joined(separator: ", ")
        var indexByNumber: [Int] = []
        for (index, field) in entity.fields.enumerated() {
            guard let number = numbering.number(of: field.name), number < 4096 else { continue }
            if indexByNumber.count <= Int(number) { indexByNumber += Array(repeating: -1, count: Int(number) + 1 - indexByNumber.count) }
            indexByNumber[Int(number)] = index
        }
        fieldIndexByNumber = indexByNumber
        var slots: [FieldName: FieldSlot] = [:]
        for (index, field) in entity.fields.enumerated() where slots[field.name] == nil {
            slots[field.name] = FieldSlot(index: index, number: numbering.number(of: field.name))
        }
        fieldSlots = slots
        loadOneSQL = "SELECT \(columnList) FROM \(quotedTableName) WHERE id = ?"
        let columns = Set(entity.fields.map { $0.name.rawValue.lowercased() })
        guard let rowNumberColumn = ["rowid", "_rowid_", "oid"].first(where: { !columns.contains($0) }) else {
            preconditionFailure("\(entity.name.rawValue): fields named rowid, _rowid_ and oid leave no name for SQLite's rowid")
        }
        self.rowNumberColumn = rowNumberColumn
    }

    /// Wraps an entity's schema with the field numbers of its table in `db`: each field's
    /// column position, which never changes once the column exists (`upgrade` appends).
    /// A table that does not exist yet gets no numbers.
    public init(_ entity: EntitySchema, numberedBy db: Database) throws {
        var numbers: [FieldName: Int] = [:]
        let fieldNames = Set(entity.fields.map(\.name))
        for (position, column) in try Row.fetchAll(db, sql: "SELECT cid, name FROM pragma_table_info(?)", arguments: [entity.name.rawValue])
            .map({ ($0[0] as Int, FieldName($0[1] as String)) }) where fieldNames.contains(column) {
            numbers[column] = position
        }
        self.init(entity, numbering: FieldNumbering(numbers))
    }

    /// The table's name (the entity's name).
    public var tableName: String { entity.name.rawValue }

    /// Creates the table, and (`withFieldIndexes`) an index per indexed field of the schema,
    /// if they do not exist. The server looks rows up by those fields; a replica reads rows by
    /// id or all of them, and goes without (`ReplicaMigrations`).
    public func create(in db: Database, withFieldIndexes: Bool = true) throws {
        let columns = entity.fields.map { "\(Self.quoted($0.name.rawValue)) \(sqlType(of: $0.type))" }
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS \(quotedTableName) (
              id TEXT PRIMARY KEY NOT NULL,
              \(columns.joined(separator: ",\n  ")),
              is_deleted INTEGER NOT NULL DEFAULT 0,
              _stamps BLOB NOT NULL
            )
            """)
        guard withFieldIndexes else { return }
        for field in entity.indexedFields {
            let index = Self.quoted("\(entity.name.rawValue)_by_\(field.name.rawValue)")
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(index) ON \(quotedTableName) (\(Self.quoted(field.name.rawValue)))")
        }
    }

    /// Brings a table made by an older schema up to this one: creates it if it is missing, adds
    /// the columns of new fields (empty in existing rows, as a field never written), and the
    /// indexes (`withFieldIndexes`, as in `create`). Existing rows and columns are left as they are.
    public func upgrade(in db: Database, withFieldIndexes: Bool = true) throws {
        if try db.tableExists(entity.name.rawValue) {
            let existing = Set(try db.columns(in: entity.name.rawValue).map(\.name))
            for field in entity.fields where !existing.contains(field.name.rawValue) {
                try db.execute(sql: "ALTER TABLE \(quotedTableName) ADD COLUMN \(Self.quoted(field.name.rawValue)) \(sqlType(of: field.type))")
            }
        }
        try create(in: db, withFieldIndexes: withFieldIndexes)   // a missing table, and the indexes of new columns
    }

    /// Loads the rows with the given ids; ids without a row are absent from the result.
    public func load(_ ids: some Collection<RowID>, in db: Database) throws -> [RowID: RowState] {
        try load(ids, writtenAfter: .min, in: db)
    }

    /// Loads the rows with the given ids as a pull delivers them: only the fields (stamps and
    /// values) written after change-log position `since` (a later pull delivers a field or two
    /// of each row, and decoding every column and stamp was half of building its page). The
    /// states are for reading what changed, never for writing back.
    public func load(_ ids: some Collection<RowID>, writtenAfter since: Int64, in db: Database) throws -> [RowID: RowState] {
        var result: [RowID: RowState] = [:]
        result.reserveCapacity(ids.count)
        try eachRow(withIDs: ids, selecting: columnList, in: db) { row in
            let (id, state) = try decode(writtenAfter: since) { row.databaseValue(at: $0) }
            result[id] = state
        }
        return result
    }

    /// The fields whose column holds a value, row by row, whatever the row's stamps say: what
    /// a check of the rows against what was written reads (`AuditChain`: a column filled
    /// behind the server's back has no stamp, so a loaded row does not show it).
    public func filledFields(in db: Database) throws -> [RowID: Set<FieldName>] {
        let tests = entity.fields.map { "\(Self.quoted($0.name.rawValue)) IS NOT NULL" }.joined(separator: ", ")
        var filled: [RowID: Set<FieldName>] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, \(tests) FROM \(quotedTableName)")
        while let row = try rows.next() {
            let id = RowID(row[0] as String)
            filled[id] = Set(fieldNames.indices.lazy.filter { row[$0 + 1] as Bool }.map { fieldNames[$0] })
        }
        return filled
    }

    /// The stamps, tombstone and liveness of the rows with the given ids, without the values
    /// of their other fields: what taking a pulled field's version needs (a pull page changes
    /// a field or two of rows it does not otherwise touch, and reading every column was a
    /// third of applying it). Ids without a row are absent from the result.
    public func loadStamps(_ ids: some Collection<RowID>, in db: Database) throws -> [RowID: StoredStamps] {
        var result: [RowID: StoredStamps] = [:]
        result.reserveCapacity(ids.count)
        // Append-only entities have no tombstone field.
        let tombstone = entity.field(.deleted) == nil ? "0" : Self.quoted(FieldName.deleted.rawValue)
        try eachRow(withIDs: ids, selecting: "id, \(tombstone), is_deleted, _stamps, \(rowNumberColumn)", in: db) { row in
            guard let id = row.text(at: 0), let packed = row.bytes(at: 3) else {
                throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "\(tableName): a row without its id or stamps")
            }
            result[RowID(id)] = StoredStamps(rowNumber: row.integer(at: 4), packed: packed,
                                             tombstone: row.integer(at: 1) != 0, isDeleted: row.integer(at: 2) != 0)
        }
        return result
    }

    /// The ids of the rows whose `field` holds each of `values` (lookups by a key such as a
    /// mobile number or a subject id), in id order, in one query per 500 values.
    public func ids(where field: FieldName, in values: [FieldValue], in db: Database) throws -> [FieldValue: [RowID]] {
        guard let type = entity.field(field)?.type else { return [:] }
        var found: [FieldValue: [RowID]] = [:]
        for value in values { found[value] = [] }
        for start in stride(from: 0, to: values.count, by: 500) {
            let chunk = values[start..<min(start + 500, values.count)]
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let column = Self.quoted(field.rawValue)
            let statement = try db.cachedStatement(sql: "SELECT id, \(column) FROM \(quotedTableName) WHERE \(column) IN (\(placeholders)) ORDER BY id")
            let arguments: [(any DatabaseValueConvertible)?] = chunk.map { $0.databaseValue }
            let rows = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
            while let row = try rows.next() {
                let value = FieldValue(databaseValue: row[1], type: type)
                found[value, default: []].append(RowID(row[0] as String))
            }
        }
        return found
    }

    /// Loads one row, or nil when it does not exist.
    public func load(_ id: RowID, in db: Database) throws -> RowState? {
        // Every local edit loads its row: one cached statement, its SQL built once, its id
        // bound without GRDB's `StatementArguments`.
        let statement = DirectStatement(try db.cachedStatement(sql: loadOneSQL))
        try statement.bind(id.rawValue, at: 1)
        var found: RowState?
        try statement.forEachRow { row in
            found = try decode(writtenAfter: .min) { row.databaseValue(at: $0) }.1
        }
        return found
    }

    /// The statement `deliveredFields` runs, from the connection's statement cache: looked up
    /// once for the rows of a page (a lookup hashes the SQL, which names every column).
    public func rowReader(in db: Database) throws -> Statement {
        try db.cachedStatement(sql: loadOneSQL)
    }

    /// Reads row `id` as a pull delivers it, into `fields` (emptied first, its storage kept):
    /// each field written after change-log position `since` (every field with `.min`), in the
    /// stamp pack's order, with its value and stamp. No row state is built: the server writes
    /// a page straight from these (a pull page's dictionaries were most of building it).
    /// - Parameter reader: `rowReader(in:)`, looked up once for the rows of a page.
    /// - Returns: false when the table has no such row.
    public func deliveredFields(ofRow id: RowID, writtenAfter since: Int64, into fields: inout [DeliveredField],
                                with reader: Statement) throws -> Bool {
        fields.removeAll(keepingCapacity: true)
        let statement = DirectStatement(reader)
        try statement.bind(id.rawValue, at: 1)
        var found = false
        try statement.forEachRow { row in
            guard let packed = row.bytes(at: fieldNames.count + 2) else {
                throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "\(tableName): a row without its stamps")
            }
            found = true
            try FieldStamps.visit(packed, writtenAfter: since) { (key, stamp) throws(FieldStampsError) in
                let name: FieldName
                let index: Int?
                switch key {
                case .numbered(let number) where number < UInt64(fieldIndexByNumber.count) && fieldIndexByNumber[Int(number)] >= 0:
                    let known = fieldIndexByNumber[Int(number)]
                    (name, index) = (fieldNames[known], known)
                case .numbered(let number):
                    guard let numbered = numbering.field(numbered: number) else { throw .corrupt }
                    (name, index) = (numbered, fieldIndexes[numbered])
                case .spelled(let spelled):
                    // A stamped field the schema no longer has (a newer file's) has no column to read.
                    (name, index) = (spelled, fieldIndexes[spelled])
                }
                let value = index.map { FieldValue(databaseValue: row.databaseValue(at: $0 + 1), type: fieldTypes[$0]) } ?? .null
                fields.append(DeliveredField(name: name, index: index, value: value, stamp: stamp))
            }
        }
        return found
    }

    /// Reads a row fetched as `columnList` into its id and state. Columns are read by
    /// position: a lookup by name compares strings for every field of every row.
    public func decode(_ row: Row) throws -> (RowID, RowState) {
        try decode(writtenAfter: .min) { row[$0] }
    }

    /// Reads a row as `columnList` from `column`, which gives a column's value by position:
    /// the fields written after log position `since` (`.min`: every field).
    private func decode(writtenAfter since: Int64, column: (Int) -> DatabaseValue) throws -> (RowID, RowState) {
        guard let id = String.fromDatabaseValue(column(0)), let blob = Data.fromDatabaseValue(column(fieldNames.count + 2)) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "\(tableName): a row without its id or stamps")
        }
        let stamps = try FieldStamps(decoding: [UInt8](blob), numbering: numbering, writtenAfter: since)
        var values: [FieldName: FieldValue] = [:]
        values.reserveCapacity(stamps.byField.count)
        // A stamped field the schema no longer has (a newer file's) has no column to read.
        for name in stamps.byField.keys {
            guard let index = fieldIndexes[name] else { continue }
            values[name] = FieldValue(databaseValue: column(index + 1), type: fieldTypes[index])
        }
        return (RowID(id), RowState(values: values, stamps: stamps))
    }

    /// Inserts or replaces the row `id` with `state`.
    public func save(_ id: RowID, _ state: RowState, in db: Database) throws {
        // Parameters: id, the fields in `fieldNames` order (NULL unless the row holds one),
        // is_deleted, _stamps.
        let statement = DirectStatement(try db.cachedStatement(sql: upsertSQL))
        try statement.bind(id.rawValue, at: 1)
        for (name, value) in state.values {
            guard let index = fieldIndexes[name] else { continue }
            try statement.bind(value, at: index + 2)
        }
        try statement.bind(Int64(state.isDeleted ? 1 : 0), at: fieldNames.count + 2)
        try statement.bind(state.stamps.encoded(numbering: numbering), at: fieldNames.count + 3)
        try statement.execute()
    }

    /// The statement `saveLive` runs, from the connection's statement cache. Looked up once
    /// for many rows: the cache hashes the SQL, which names every column, at each lookup, and
    /// that cost as much as binding a short row (BENCHMARKS, S1).
    public func liveRowWriter(in db: Database) throws -> Statement {
        try db.cachedStatement(sql: upsertSQL)
    }

    /// Starts writing the row `id` as a live row, field by field (`LiveRowWrite`): what
    /// `save(_:_:in:)` writes for a row state that adopted the same versions, without building
    /// the state. A pulled row new to the replica is written this way.
    /// - Parameters:
    ///   - fieldCount: how many fields will be set (room is made for them).
    ///   - writer: `liveRowWriter(in:)`, looked up once for the rows of a page.
    public func liveRow(_ id: RowID, fieldCount: Int, with writer: Statement) throws -> LiveRowWrite {
        try LiveRowWrite(id, fieldCount: fieldCount, table: self, statement: DirectStatement(writer))
    }

    /// The column of `liveRow`'s `_stamps` parameter; `is_deleted` is the one before it.
    var stampsParameter: Int { fieldNames.count + 3 }

    /// Deletes the row `id` outright (used when a row leaves a replica's scope).
    public func purge(_ id: RowID, in db: Database) throws {
        try db.execute(sql: "DELETE FROM \(quotedTableName) WHERE id = ?", arguments: [id.rawValue])
    }

    /// Writes the row `id` as `state`, where the table holds it as `stored` (nil: a new row,
    /// or not known). Only the columns whose values changed are written, with the stamps:
    /// SQLite rewrites the index entry of every column an UPDATE sets, changed or not, and a
    /// lead has a dozen indexes (a one-field edit cost 7× more as a whole-row upsert). A row
    /// with more than `partialUpdateLimit` changed columns is written whole, so the statement
    /// cache holds few shapes.
    public func save(_ id: RowID, _ state: RowState, replacing stored: RowState?, in db: Database) throws {
        guard let stored else { return try save(id, state, in: db) }
        // The changed columns, found by walking the fields each side holds.
        var changed: [(index: Int, value: FieldValue)] = []
        var storedFieldsSeen = 0
        for (name, value) in state.values {
            let before = stored.values[name]
            if before != nil { storedFieldsSeen += 1 }
            guard value != before ?? .null, let index = fieldIndexes[name] else { continue }
            changed.append((index, value))
        }
        if storedFieldsSeen < stored.values.count {
            for (name, before) in stored.values where state.values[name] == nil && before != .null {
                guard let index = fieldIndexes[name] else { continue }
                changed.append((index, .null))
            }
        }
        guard changed.count <= Self.partialUpdateLimit else { return try save(id, state, in: db) }
        let writesDeleted = state.isDeleted != stored.isDeleted
        let written = try writeColumns(of: .id(id), changed, isDeleted: writesDeleted ? state.isDeleted : nil,
                                       packedStamps: state.stamps.encoded(numbering: numbering), in: db)
        // `stored` was wrong (the row is gone): write it whole rather than lose it.
        if !written { try save(id, state, in: db) }
    }

    /// Writes `fields` of the row whose rowid is `rowNumber` (`StoredStamps.rowNumber`, read in
    /// this transaction), with its stamps packed as `packedStamps` (and `isDeleted` when given),
    /// leaving its other columns as they are: a row known by its stamps alone (`loadStamps`).
    /// Fields without a column are left out.
    /// - Returns: false when the table has no such row (nothing is written).
    public func update(rowNumber: Int64, fields: [(name: FieldName, value: FieldValue)], packedStamps: [UInt8], isDeleted: Bool?,
                       in db: Database) throws -> Bool {
        let changed = fields.compactMap { field in fieldIndexes[field.name].map { (index: $0, value: field.value) } }
        return try writeColumns(of: .rowNumber(rowNumber), changed, isDeleted: isDeleted, packedStamps: packedStamps, in: db)
    }

    /// The most changed columns `save(_:_:replacing:in:)` writes one by one.
    private static let partialUpdateLimit = 4

    // MARK: - Private

    /// Runs `SELECT <columns> FROM <table> WHERE id IN (…)` for `ids`, 500 at a time (SQLite
    /// limits bound parameters per statement), and hands `body` each row found. Statements are
    /// cached (a pull page or a push loads rows again and again with the same few shapes), and
    /// bound and read through the C API: a page's worth of ids boxed as GRDB arguments, and
    /// each blob copied twice, were a third of reading a pull page's stamps.
    private func eachRow(withIDs ids: some Collection<RowID>, selecting columns: String, in db: Database,
                         _ body: (DirectStatement) throws -> Void) throws {
        let all = Array(ids)
        for start in stride(from: 0, to: all.count, by: 500) {
            let chunk = all[start..<min(start + 500, all.count)]
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let statement = DirectStatement(try db.cachedStatement(sql: "SELECT \(columns) FROM \(quotedTableName) WHERE id IN (\(placeholders))"))
            for (parameter, id) in chunk.enumerated() { try statement.bind(id.rawValue, at: parameter + 1) }
            try statement.forEachRow(body)
        }
    }

    /// How `writeColumns` finds its row.
    private enum RowKey {
        /// By the `id` column (through its index).
        case id(RowID)
        /// By SQLite's rowid (straight to the row).
        case rowNumber(Int64)
    }

    /// `UPDATE … SET` the given columns (by their place in `fieldNames`), `is_deleted` when
    /// given, and `_stamps`, for the row `key`.
    /// - Returns: whether the row existed.
    private func writeColumns(of key: RowKey, _ changed: [(index: Int, value: FieldValue)], isDeleted: Bool?, packedStamps: [UInt8],
                              in db: Database) throws -> Bool {
        let changed = changed.sorted { $0.index < $1.index }   // one statement shape per set of columns
        var sql = "UPDATE \(quotedTableName) SET "
        for (index, _) in changed { sql += assignments[index] + ", " }
        if isDeleted != nil { sql += "is_deleted = ?, " }
        switch key {
        case .id: sql += "_stamps = ? WHERE id = ?"
        case .rowNumber: sql += "_stamps = ? WHERE \(rowNumberColumn) = ?"
        }
        let statement = DirectStatement(try db.cachedStatement(sql: sql))
        for (parameter, (_, value)) in changed.enumerated() { try statement.bind(value, at: parameter + 1) }
        var next = changed.count + 1
        if let isDeleted {
            try statement.bind(Int64(isDeleted ? 1 : 0), at: next)
            next += 1
        }
        try statement.bind(packedStamps, at: next)
        switch key {
        case .id(let id): try statement.bind(id.rawValue, at: next + 1)
        case .rowNumber(let number): try statement.bind(number, at: next + 1)
        }
        try statement.execute()
        return db.changesCount > 0
    }

    private func sqlType(of type: FieldType) -> String {
        switch type {
        case .integer, .timestamp, .boolean, .money: "INTEGER"
        case .real: "REAL"
        case .text, .enumeration, .reference, .formatted, .date, .list, .stage, .tagSet, .composite: "TEXT"
        }
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A field of a stored row as a pull delivers it (`EntityTable.deliveredFields`).
public struct DeliveredField: Sendable {
    /// The field's name.
    public var name: FieldName
    /// Its place in the schema's `fields`; nil for a field the schema no longer has.
    public var index: Int?
    /// Its stored value.
    public var value: FieldValue
    /// Its clock, author and log position.
    public var stamp: FieldStamp
}
