import Foundation
import OutpostCore

/// A direct reader for the two busiest messages, `PullPage` (every page a laptop pulls) and
/// `PushRequest` (every push the server takes), in the shape `WireCoding`'s encoder writes.
///
/// `JSONDecoder` spends most of a page's decoding time in its generic container machinery
/// (DESIGN "JSON cost"). This reader handles the common case (`JSONByteReader`): known keys,
/// each once; strings; integers; `true`, `false`, `null`; lists and objects of those. On
/// anything else (a real number, say) it gives up and `WireCoding.decode` asks `JSONDecoder`,
/// so every message decodes to exactly what `JSONDecoder` makes of it, errors included.
enum WireFastDecoding {
    /// The page, or nil when the bytes need `JSONDecoder`.
    static func pullPage(_ data: Data) -> PullPage? {
        data.withUnsafeBytes { raw in
            var reader = JSONByteReader(raw.bindMemory(to: UInt8.self))
            return try? reader.document { (reader: inout JSONByteReader) throws(JSONByteReader.Unsupported) in try reader.pullPage() }
        }
    }

    /// The page of a compact (v2) pull answer, or nil when the bytes need `JSONDecoder`.
    static func compactPullPage(_ data: Data) -> PullPage? {
        data.withUnsafeBytes { raw in
            var reader = JSONByteReader(raw.bindMemory(to: UInt8.self))
            return try? reader.document { (reader: inout JSONByteReader) throws(JSONByteReader.Unsupported) in try reader.compactPullPage() }
        }
    }

    /// The push, or nil when the bytes need `JSONDecoder`.
    static func pushRequest(_ data: Data) -> PushRequest? {
        data.withUnsafeBytes { raw in
            var reader = JSONByteReader(raw.bindMemory(to: UInt8.self))
            return try? reader.document { (reader: inout JSONByteReader) throws(JSONByteReader.Unsupported) in try reader.pushRequest() }
        }
    }
}

/// The wire messages, read directly.
extension JSONByteReader {
    // MARK: Messages

    mutating func pullPage() throws(JSONByteReader.Unsupported) -> PullPage {
        var rows: [PulledRow]?
        var cursor: String?
        var hasMore: Bool?
        var restarted: Bool?
        try object { reader, key throws(JSONByteReader.Unsupported) in
            switch key {
            case "restarted" where restarted == nil: restarted = try reader.bool()
            case "rows" where rows == nil:
                var list: [PulledRow] = []
                try reader.array { reader throws(JSONByteReader.Unsupported) in list.append(try reader.pulledRow()) }
                rows = list
            case "nextCursor" where cursor == nil: cursor = try reader.string()
            case "hasMore" where hasMore == nil: hasMore = try reader.bool()
            default: throw JSONByteReader.Unsupported()
            }
        }
        guard let rows, let cursor, let hasMore else { throw JSONByteReader.Unsupported() }
        return PullPage(rows: rows, nextCursor: PullCursor(rawValue: cursor), hasMore: hasMore, restarted: restarted)
    }

    mutating func pulledRow() throws(JSONByteReader.Unsupported) -> PulledRow {
        var entity: String?
        var id: String?
        var fields: [String: WireFieldVersion]?
        var evicted: Bool?
        var replaces: Bool?
        try object { reader, key throws(JSONByteReader.Unsupported) in
            switch key {
            case "replaces" where replaces == nil: replaces = try reader.bool()
            case "entity" where entity == nil: entity = try reader.string()
            case "evicted" where evicted == nil: evicted = try reader.bool()
            case "id" where id == nil: id = try reader.string()
            case "fields" where fields == nil:
                var versions: [String: WireFieldVersion] = [:]
                try reader.object { reader, name throws(JSONByteReader.Unsupported) in
                    guard versions[name] == nil else { throw JSONByteReader.Unsupported() }
                    versions[name] = try reader.fieldVersion()
                }
                fields = versions
            default: throw JSONByteReader.Unsupported()
            }
        }
        guard let entity, let id, let fields else { throw JSONByteReader.Unsupported() }
        return PulledRow(entity: EntityName(entity), id: RowID(id), fields: fields, evicted: evicted, replaces: replaces)
    }

    /// `[value, "clock", "author"]`, exactly three elements.
    mutating func fieldVersion() throws(JSONByteReader.Unsupported) -> WireFieldVersion {
        try expect(UInt8(ascii: "["))
        let value = try fieldValue()
        try expect(UInt8(ascii: ","))
        let clock = try clock()
        try expect(UInt8(ascii: ","))
        let author = try string()
        try expect(UInt8(ascii: "]"))
        return WireFieldVersion(FieldVersion(value: value, clock: clock, author: UserID(author)))
    }

    /// A compact page (`CompactPullPage`). Its `writers` come after its rows (keys are
    /// sorted), so rows are read first and their clocks resolved at the end.
    mutating func compactPullPage() throws(JSONByteReader.Unsupported) -> PullPage {
        var rows: [CompactRowText]?
        var cursor: String?
        var hasMore: Bool?
        var restarted: Bool?
        var writers: [CompactClocks.Writer]?
        try object { reader, key throws(JSONByteReader.Unsupported) in
            switch key {
            case "restarted" where restarted == nil: restarted = try reader.bool()
            case "rows" where rows == nil:
                var list: [CompactRowText] = []
                try reader.array { reader throws(JSONByteReader.Unsupported) in list.append(try reader.compactRow()) }
                rows = list
            case "nextCursor" where cursor == nil: cursor = try reader.string()
            case "hasMore" where hasMore == nil: hasMore = try reader.bool()
            case "writers" where writers == nil:
                var list: [CompactClocks.Writer] = []
                try reader.array { reader throws(JSONByteReader.Unsupported) in
                    try reader.expect(UInt8(ascii: "["))
                    let device = try reader.string()
                    try reader.expect(UInt8(ascii: ","))
                    let author = try reader.string()
                    try reader.expect(UInt8(ascii: "]"))
                    guard !device.isEmpty else { throw JSONByteReader.Unsupported() }
                    list.append(CompactClocks.Writer(device: DeviceID(device), author: UserID(author)))
                }
                writers = list
            default: throw JSONByteReader.Unsupported()
            }
        }
        guard let rows, let cursor, let hasMore, let writers else { throw JSONByteReader.Unsupported() }
        let pulled = try rows.map { row throws(JSONByteReader.Unsupported) in try row.resolved(with: writers) }
        return PullPage(rows: pulled, nextCursor: PullCursor(rawValue: cursor), hasMore: hasMore, restarted: restarted)
    }

    mutating func compactRow() throws(JSONByteReader.Unsupported) -> CompactRowText {
        var entity: String?
        var id: String?
        var fields: [String: CompactRowText.Field]?
        var evicted: Bool?
        var replaces: Bool?
        try object { reader, key throws(JSONByteReader.Unsupported) in
            switch key {
            case "replaces" where replaces == nil: replaces = try reader.bool()
            case "entity" where entity == nil: entity = try reader.string()
            case "evicted" where evicted == nil: evicted = try reader.bool()
            case "id" where id == nil: id = try reader.string()
            case "fields" where fields == nil:
                var read: [String: CompactRowText.Field] = [:]
                try reader.object { reader, name throws(JSONByteReader.Unsupported) in
                    guard read[name] == nil else { throw JSONByteReader.Unsupported() }
                    try reader.expect(UInt8(ascii: "["))
                    let value = try reader.fieldValue()
                    try reader.expect(UInt8(ascii: ","))
                    let writer = try reader.integer()
                    try reader.expect(UInt8(ascii: ","))
                    let wall = try reader.integer()
                    try reader.expect(UInt8(ascii: ","))
                    let counter = try reader.integer()
                    try reader.expect(UInt8(ascii: "]"))
                    read[name] = CompactRowText.Field(value: value, writer: writer, wall: wall, counter: counter)
                }
                fields = read
            default: throw JSONByteReader.Unsupported()
            }
        }
        guard let entity, let id, let fields else { throw JSONByteReader.Unsupported() }
        return CompactRowText(entity: entity, id: id, fields: fields, evicted: evicted, replaces: replaces)
    }

    mutating func pushRequest() throws(JSONByteReader.Unsupported) -> PushRequest {
        var device: String?
        var changes: [PushChange]?
        try object { reader, key throws(JSONByteReader.Unsupported) in
            switch key {
            case "deviceID" where device == nil: device = try reader.string()
            case "changes" where changes == nil:
                var list: [PushChange] = []
                try reader.array { reader throws(JSONByteReader.Unsupported) in list.append(try reader.pushChange()) }
                changes = list
            default: throw JSONByteReader.Unsupported()
            }
        }
        guard let device, let changes else { throw JSONByteReader.Unsupported() }
        return PushRequest(deviceID: DeviceID(device), changes: changes)
    }

    mutating func pushChange() throws(JSONByteReader.Unsupported) -> PushChange {
        var sequence: Int64?
        var entity: String?
        var row: String?
        var field: String?
        var value: FieldValue?
        var clock: HLCTimestamp?
        var base: HLCTimestamp??
        try object { reader, key throws(JSONByteReader.Unsupported) in
            switch key {
            case "sequence" where sequence == nil: sequence = try reader.integer()
            case "entity" where entity == nil: entity = try reader.string()
            case "rowID" where row == nil: row = try reader.string()
            case "field" where field == nil: field = try reader.string()
            case "value" where value == nil: value = try reader.fieldValue()
            case "clock" where clock == nil: clock = try reader.clock()
            case "base" where base == nil: base = .some(try reader.null() ? nil : try reader.clock())
            default: throw JSONByteReader.Unsupported()
            }
        }
        guard let sequence, let entity, let row, let field, let value, let clock else { throw JSONByteReader.Unsupported() }
        return PushChange(sequence: sequence, entity: EntityName(entity), rowID: RowID(row), field: FieldName(field),
                          value: value, clock: clock, base: base ?? nil)
    }

    // MARK: Values

    mutating func clock() throws(JSONByteReader.Unsupported) -> HLCTimestamp {
        guard let clock = HLCTimestamp(try string()) else { throw JSONByteReader.Unsupported() }
        return clock
    }
}

/// A compact row as read, before its clocks are resolved against the page's writers.
struct CompactRowText {
    struct Field {
        var value: FieldValue
        var writer: Int64
        var wall: Int64
        var counter: Int64
    }

    var entity: String
    var id: String
    var fields: [String: Field]
    var evicted: Bool?
    var replaces: Bool?

    /// The row with every field's clock and author.
    func resolved(with writers: [CompactClocks.Writer]) throws(JSONByteReader.Unsupported) -> PulledRow {
        var clocks = CompactClocks.RowClocks()
        var versions: [String: WireFieldVersion] = [:]
        versions.reserveCapacity(fields.count)
        for name in CompactClocks.keyOrder(fields) {
            let field = fields[name]!   // a key of `fields`
            guard let writer = Int(exactly: field.writer), writers.indices.contains(writer),
                  let clock = clocks.decode(wall: field.wall, counter: field.counter, writer: writer, device: writers[writer].device) else {
                throw JSONByteReader.Unsupported()
            }
            versions[name] = WireFieldVersion(FieldVersion(value: field.value, clock: clock, author: writers[writer].author))
        }
        return PulledRow(entity: EntityName(entity), id: RowID(id), fields: versions, evicted: evicted, replaces: replaces)
    }
}
