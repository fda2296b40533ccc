import OutpostCore

/// A `PullPage` in the compact layout of protocol v2 (`spec.md` §12.2): the same rows, with
/// each field as `[value, writer, wall, counter]` instead of `[value, "clock", "author"]`, and
/// the page's (device, author) pairs listed once in `writers` (see `CompactClocks`).
///
/// ```json
/// { "hasMore": false, "nextCursor": "c1.2.2",
///   "rows": [ { "entity": "lead", "fields": { "contact_name": ["王妈妈", 0, 1764038400000, 0],
///                                              "mobile": ["13812345678", 0, 0, 1] },
///               "id": "019ab8e1-d800-7abc-9def-0123456789ab" } ],
///   "writers": [ ["w1-3f2a", "u-wang"] ] }
/// ```
///
/// The server answers a pull in this layout when the request names protocol 2 or later; a
/// v1 client keeps receiving `PullPage`'s own layout.
public struct CompactPullPage: Codable, Hashable, Sendable {
    /// The page.
    public var page: PullPage

    /// Wraps a page.
    public init(_ page: PullPage) {
        self.page = page
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case rows, nextCursor, hasMore, restarted, writers
    }

    enum RowKeys: String, CodingKey, CaseIterable {
        case entity, id, fields, evicted, replaces
    }

    public func encode(to encoder: any Encoder) throws {
        var table = CompactClocks.WriterTable()
        let rows = page.rows.map { row in
            var clocks = CompactClocks.RowClocks()
            var fields: [String: CompactFieldVersion] = [:]
            for place in WireCoding.keyOrder(row.fields) {
                let (name, wire) = row.fields[place]
                let version = wire.version
                let writer = table.index(of: CompactClocks.Writer(device: version.clock.deviceID, author: version.author))
                let (wall, counter) = clocks.encode(version.clock, writer: writer)
                fields[name] = CompactFieldVersion(value: version.value, writer: writer, wall: wall, counter: counter)
            }
            return CompactRow(entity: row.entity, id: row.id, fields: fields, evicted: row.evicted, replaces: row.replaces)
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(page.nextCursor, forKey: .nextCursor)
        try container.encode(page.hasMore, forKey: .hasMore)
        try container.encodeIfPresent(page.restarted, forKey: .restarted)
        try container.encode(table.writers.map { [$0.device.rawValue, $0.author.rawValue] }, forKey: .writers)
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let writers = try container.decode([[String]].self, forKey: .writers).map { pair in
            guard pair.count == 2, !pair[0].isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: .writers, in: container,
                                                       debugDescription: "A writer is [\"device\", \"author\"], with a device.")
            }
            return CompactClocks.Writer(device: DeviceID(pair[0]), author: UserID(pair[1]))
        }
        let rows = try container.decode([CompactRow].self, forKey: .rows).map { row in
            var clocks = CompactClocks.RowClocks()
            var fields: [String: WireFieldVersion] = [:]
            for place in WireCoding.keyOrder(row.fields) {
                let (name, field) = row.fields[place]
                guard writers.indices.contains(field.writer),
                      let clock = clocks.decode(wall: field.wall, counter: field.counter, writer: field.writer,
                                                device: writers[field.writer].device) else {
                    throw DecodingError.dataCorruptedError(forKey: .rows, in: container,
                                                           debugDescription: "Field '\(name)' of row \(row.id) names no valid clock.")
                }
                fields[name] = WireFieldVersion(FieldVersion(value: field.value, clock: clock, author: writers[field.writer].author))
            }
            return PulledRow(entity: row.entity, id: row.id, fields: fields, evicted: row.evicted, replaces: row.replaces)
        }
        page = PullPage(rows: rows, nextCursor: try container.decode(PullCursor.self, forKey: .nextCursor),
                        hasMore: try container.decode(Bool.self, forKey: .hasMore),
                        restarted: try container.decodeIfPresent(Bool.self, forKey: .restarted))
    }
}

/// One row of a compact page, as it travels.
private struct CompactRow: Codable {
    var entity: EntityName
    var id: RowID
    var fields: [String: CompactFieldVersion]
    var evicted: Bool?
    var replaces: Bool?

    init(entity: EntityName, id: RowID, fields: [String: CompactFieldVersion], evicted: Bool?, replaces: Bool?) {
        self.entity = entity
        self.id = id
        self.fields = fields
        self.evicted = evicted
        self.replaces = replaces
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CompactPullPage.RowKeys.self)
        let container = try decoder.container(keyedBy: CompactPullPage.RowKeys.self)
        entity = try container.decode(EntityName.self, forKey: .entity)
        id = try container.decode(RowID.self, forKey: .id)
        fields = try container.decode([String: CompactFieldVersion].self, forKey: .fields)
        evicted = try container.decodeIfPresent(Bool.self, forKey: .evicted)
        replaces = try container.decodeIfPresent(Bool.self, forKey: .replaces)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CompactPullPage.RowKeys.self)
        try container.encode(entity, forKey: .entity)
        try container.encode(id, forKey: .id)
        try container.encode(fields, forKey: .fields)
        try container.encodeIfPresent(evicted, forKey: .evicted)
        try container.encodeIfPresent(replaces, forKey: .replaces)
    }
}

/// `[value, writer, wall, counter]`, exactly four elements.
private struct CompactFieldVersion: Codable {
    var value: FieldValue
    var writer: Int
    var wall: Int64
    var counter: Int64

    init(value: FieldValue, writer: Int, wall: Int64, counter: Int64) {
        self.value = value
        self.writer = writer
        self.wall = wall
        self.counter = counter
    }

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        value = try container.decode(FieldValue.self)
        writer = try container.decode(Int.self)
        wall = try container.decode(Int64.self)
        counter = try container.decode(Int64.self)
        guard container.isAtEnd else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "A compact field is [value, writer, wall, counter].")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(value)
        try container.encode(writer)
        try container.encode(wall)
        try container.encode(counter)
    }
}
