import OutpostCore

/// `GET /v1/conflicts?after=N`: the conflicts in which the authenticated user's write lost,
/// oldest first, so the laptop can show "what I lost and why" even offline.
public struct ConflictList: Codable, Hashable, Sendable {
    /// The conflicts after the requested position.
    public var conflicts: [ConflictEntry]
    /// Pass this as `after` next time.
    public var next: Int64

    /// Creates a list.
    public init(conflicts: [ConflictEntry], next: Int64) {
        self.conflicts = conflicts
        self.next = next
    }
}

/// One conflict-log entry: both versions of a field, and the rule that chose.
public struct ConflictEntry: Codable, Hashable, Sendable {
    /// The conflict's id (also in the `superseded` push result).
    public var id: String
    /// Its position in the conflict log.
    public var position: Int64
    /// The entity.
    public var entity: EntityName
    /// The row.
    public var rowID: RowID
    /// The field.
    public var field: FieldName
    /// The version that is current.
    public var winner: WireFieldVersion
    /// The version that lost.
    public var loser: WireFieldVersion
    /// The merge policy that decided.
    public var rule: String
    /// True when the winning value is withheld (null) because the user may no longer read it:
    /// the row left their scope, or their role or a pool hides the field. Absent otherwise.
    public var winnerHidden: Bool?
    /// When the server recorded it, in ms since 1970.
    public var recordedAt: Int64

    /// Creates an entry.
    public init(id: String, position: Int64, record: ConflictRecord, recordedAt: Int64) {
        self.id = id
        self.position = position
        self.entity = record.entity
        self.rowID = record.rowID
        self.field = record.field
        self.winner = WireFieldVersion(record.winner)
        self.loser = WireFieldVersion(record.loser)
        self.rule = record.rule
        self.recordedAt = recordedAt
    }
}
