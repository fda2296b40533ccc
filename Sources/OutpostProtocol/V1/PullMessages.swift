import OutpostCore

/// Kind tag for `PullCursor`.
public enum PullCursorKind: IdentifierKind {}

/// An opaque position in the server's change log. Clients store it and send it back; only
/// the server reads what is inside.
public typealias PullCursor = Identifier<PullCursorKind>

/// `POST /v1/pull`: the next page of changes after `cursor`.
public struct PullRequest: Codable, Hashable, Sendable {
    /// Where the previous page ended; absent for the first pull of a new replica.
    public var cursor: PullCursor?
    /// The most rows the page may hold (the server caps it).
    public var limit: Int

    /// Creates a request.
    public init(cursor: PullCursor?, limit: Int) {
        self.cursor = cursor
        self.limit = limit
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case cursor, limit
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cursor = try container.decodeIfPresent(PullCursor.self, forKey: .cursor)
        limit = try container.decode(Int.self, forKey: .limit)
    }
}

/// One page of the change log: rows grouped with the fields that changed after the cursor.
public struct PullPage: Codable, Hashable, Sendable {
    /// Changed rows, in change-log order of their latest change.
    public var rows: [PulledRow]
    /// Send this as `cursor` for the next page; store it with the page, in one transaction.
    public var nextCursor: PullCursor
    /// Whether more changes lie after `nextCursor`.
    public var hasMore: Bool
    /// True on the first page of a pull the server restarted from the beginning because the
    /// reader's scope changed since the cursor was made (another team, another role): the
    /// replica then keeps only the rows this pull delivers (and those with edits still to
    /// push). Absent otherwise.
    public var restarted: Bool?

    /// Creates a page.
    public init(rows: [PulledRow], nextCursor: PullCursor, hasMore: Bool, restarted: Bool? = nil) {
        self.rows = rows
        self.nextCursor = nextCursor
        self.hasMore = hasMore
        self.restarted = restarted
    }
}

/// One row of a pull page: each field named once, with its value, clock and author.
public struct PulledRow: Codable, Hashable, Sendable {
    /// The entity.
    public var entity: EntityName
    /// The row.
    public var id: RowID
    /// The changed fields and their current versions.
    public var fields: [String: WireFieldVersion]
    /// True when the row left the reader's scope (an eviction): the replica purges it once its
    /// own pending edits to it are answered; `fields` is then empty. Absent otherwise.
    public var evicted: Bool?
    /// True when `fields` are all the reader may now hold of the row (it reached them again
    /// through a pool that hides some fields): the replica drops the fields it holds beyond
    /// these, unless they carry edits still to push. Absent otherwise.
    public var replaces: Bool?

    /// Creates a row.
    public init(entity: EntityName, id: RowID, fields: [String: WireFieldVersion], evicted: Bool? = nil, replaces: Bool? = nil) {
        self.entity = entity
        self.id = id
        self.fields = fields
        self.evicted = evicted
        self.replaces = replaces
    }

    /// An eviction: the row left the reader's scope.
    public static func eviction(entity: EntityName, id: RowID) -> PulledRow {
        PulledRow(entity: entity, id: id, fields: [:], evicted: true)
    }

    /// Whether this entry evicts the row.
    public var isEviction: Bool { evicted == true }
}

/// A field version in its compact wire form: the array `[value, "clock", "author"]`.
public struct WireFieldVersion: Codable, Hashable, Sendable {
    /// The Core version.
    public var version: FieldVersion

    /// Wraps a version.
    public init(_ version: FieldVersion) { self.version = version }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let value = try container.decode(FieldValue.self)
        let clock = try container.decode(HLCTimestamp.self)
        let author = try container.decode(UserID.self)
        version = FieldVersion(value: value, clock: clock, author: author)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(version.value)
        try container.encode(version.clock)
        try container.encode(version.author)
    }
}
