/// One version of one field: its value, the clock of the write, and who wrote it.
public struct FieldVersion: Hashable, Sendable, Codable {
    /// The value written.
    public var value: FieldValue
    /// When it was written, in hybrid-logical-clock order.
    public var clock: HLCTimestamp
    /// The person who wrote it (the server stamps the authenticated user).
    public var author: UserID

    /// Creates a version.
    public init(value: FieldValue, clock: HLCTimestamp, author: UserID) {
        self.value = value
        self.clock = clock
        self.author = author
    }
}

/// A write to one field of one row: `(entity, row id, field, value, hlc, base)`.
///
/// `base` is the clock of the version the writer had seen; it equals the current clock for a
/// clean fast-forward, and differs when two writes were concurrent.
public struct FieldChange: Hashable, Sendable {
    /// The entity of the row.
    public var entity: EntityName
    /// The row written.
    public var rowID: RowID
    /// The field written.
    public var field: FieldName
    /// The new version (value, clock, author).
    public var version: FieldVersion
    /// The clock of the version the writer had seen, or nil when it had seen none.
    public var base: HLCTimestamp?

    /// Creates a change.
    public init(entity: EntityName, rowID: RowID, field: FieldName, version: FieldVersion, base: HLCTimestamp?) {
        self.entity = entity
        self.rowID = rowID
        self.field = field
        self.version = version
        self.base = base
    }
}
