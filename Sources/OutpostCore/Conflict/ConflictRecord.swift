/// What a merge leaves behind when two concurrent writes met and one lost: both versions
/// (values, clocks, authors) and the rule that decided. Invariant 2: a write the server
/// acknowledged is either current or sits in a record like this one.
public struct ConflictRecord: Hashable, Sendable, Codable {
    /// The entity of the row.
    public var entity: EntityName
    /// The row.
    public var rowID: RowID
    /// The field both writes touched.
    public var field: FieldName
    /// The version that is now current.
    public var winner: FieldVersion
    /// The version that lost.
    public var loser: FieldVersion
    /// The name of the merge policy that decided (for example `lastWriterWins`).
    public var rule: String

    /// Creates a record.
    public init(entity: EntityName, rowID: RowID, field: FieldName, winner: FieldVersion, loser: FieldVersion, rule: String) {
        self.entity = entity
        self.rowID = rowID
        self.field = field
        self.winner = winner
        self.loser = loser
        self.rule = rule
    }
}
