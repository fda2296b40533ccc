import GRDB
import GRDBSQLite
import OutpostCore

/// A GRDB cached statement bound, run and read through the SQLite C API: the row writes every
/// push, pull page and local edit makes, a local edit's journal entries and the sync state it
/// reads. GRDB's `StatementArguments` boxes each value as an existential and converts it again
/// to bind it, half of writing a row in the profiles (BENCHMARKS, S1); its row cursors cost a
/// local edit a tenth of its time for four short texts (S5).
///
/// What it skips: GRDB's per-statement bookkeeping (`statementWillExecute`), through which
/// transaction observers choose the statements they watch. Nothing in Outpost observes; an
/// app that observes a replica's tables with GRDB must not rely on seeing these writes.
public struct DirectStatement {
    private let statement: Statement
    private var handle: SQLiteStatement { statement.sqliteStatement }

    /// Wraps `statement`, its previous arguments cleared (every parameter NULL).
    public init(_ statement: Statement) {
        self.statement = statement
        sqlite3_clear_bindings(statement.sqliteStatement)
    }

    /// Binds parameter `index` (1-based) to `value` as its column stores it
    /// (`FieldValue.databaseValue`).
    public func bind(_ value: FieldValue, at index: Int) throws {
        switch value {
        case .null: try bindNull(at: index)
        case .bool(let flag): try bind(Int64(flag ? 1 : 0), at: index)
        case .integer(let number): try bind(number, at: index)
        case .real(let number): try check(sqlite3_bind_double(handle, CInt(index), number))
        case .text(let text): try bind(text, at: index)
        case .list, .object: try bind(value.jsonText, at: index)
        }
    }

    /// Binds parameter `index` to NULL (a statement run again keeps its last bindings).
    public func bindNull(at index: Int) throws {
        try check(sqlite3_bind_null(handle, CInt(index)))
    }

    /// Binds parameter `index` to an integer.
    public func bind(_ number: Int64, at index: Int) throws {
        try check(sqlite3_bind_int64(handle, CInt(index), number))
    }

    /// Binds parameter `index` to text (copied by SQLite).
    public func bind(_ text: String, at index: Int) throws {
        var text = text
        let code = text.withUTF8 { bytes in
            // SQLite binds NULL for a nil pointer: "" keeps an empty text a text.
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(handle, CInt(index), "", 0, Self.transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, CInt(index), $0, CInt(bytes.count), Self.transient)
            }
        }
        try check(code)
    }

    /// Binds parameter `index` to a blob (copied by SQLite).
    public func bind(_ bytes: [UInt8], at index: Int) throws {
        let code = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return sqlite3_bind_zeroblob(handle, CInt(index), 0) }
            return sqlite3_bind_blob(handle, CInt(index), base, CInt(raw.count), Self.transient)
        }
        try check(code)
    }

    /// Runs the statement to its end and resets it.
    /// - Throws: `DatabaseError` with SQLite's code and message.
    public func execute() throws {
        defer { sqlite3_reset(handle) }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        try check(code, success: SQLITE_DONE)
    }

    /// Runs the statement, calling `body` with each row it yields, and resets it.
    /// - Throws: what `body` throws, or `DatabaseError` with SQLite's code and message.
    public func forEachRow(_ body: (DirectStatement) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            guard code == SQLITE_ROW else { return try check(code, success: SQLITE_DONE) }
            try body(self)
        }
    }

    /// Column `index` (0-based) of the current row as text, nil when it is NULL.
    public func text(at index: Int) -> String? {
        guard let bytes = sqlite3_column_text(handle, CInt(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, CInt(index)))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Column `index` (0-based) of the current row as an integer (0 when it is NULL).
    public func integer(at index: Int) -> Int64 {
        sqlite3_column_int64(handle, CInt(index))
    }

    /// Column `index` (0-based) of the current row as bytes, nil when it is NULL.
    public func bytes(at index: Int) -> [UInt8]? {
        guard let base = sqlite3_column_blob(handle, CInt(index)) else {
            // SQLite gives no pointer for an empty blob either.
            return sqlite3_column_type(handle, CInt(index)) == SQLITE_NULL ? nil : []
        }
        let count = Int(sqlite3_column_bytes(handle, CInt(index)))
        return [UInt8](UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Column `index` (0-based) of the current row.
    public func databaseValue(at index: Int) -> DatabaseValue {
        DatabaseValue(sqliteStatement: handle, index: CInt(index))
    }

    // MARK: - Private

    /// SQLite's "copy the bytes now" destructor.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self) }

    private func check(_ code: CInt, success: CInt = SQLITE_OK) throws {
        guard code != success else { return }
        throw DatabaseError(resultCode: ResultCode(rawValue: code),
                            message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: statement.sql)
    }
}
