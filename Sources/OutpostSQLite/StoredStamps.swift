import OutpostCore

/// A stored row as `EntityTable.loadStamps` reads it: enough to take a pulled field's
/// version and keep the row's liveness right, without the values of its fields.
public struct StoredStamps: Sendable {
    /// The row's SQLite rowid: `EntityTable.update(rowNumber:…)` finds the row by it without
    /// searching the id index again. Valid in the transaction that read it.
    public var rowNumber: Int64
    /// The row's stamp pack as stored (`FieldStamps.encoded(numbering:)` with the table's
    /// numbering), left packed: `StampPackEditor` sets a field's stamp in it as it is.
    public var packed: [UInt8]
    /// The value of the row's tombstone field (`FieldName.deleted`).
    public var tombstone: Bool
    /// The `is_deleted` column as stored.
    public var isDeleted: Bool
}
