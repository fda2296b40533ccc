import OutpostCore

/// A stored row as `EntityTable.loadStamps` reads it: enough to take a pulled field's
/// version and keep the row's liveness right, without the values of its fields.
public struct StoredStamps: Sendable {
    /// The stamp of each written field.
    public var stamps: FieldStamps
    /// The value of the row's tombstone field (`FieldName.deleted`).
    public var tombstone: Bool
    /// The `is_deleted` column as stored.
    public var isDeleted: Bool

    /// Whether the row counts as deleted with these stamps and tombstone (`RowState.isDeleted`).
    public var isDeletedNow: Bool { stamps.isDeleted(tombstoneValue: tombstone) }
}
