import Foundation
import OutpostCore

/// A direct reader for the busiest messages, `PullPage` (every page a laptop pulls),
/// `PushRequest` (every push the server takes) and `PushResponse` (its answer), in the shape
/// `WireCoding`'s encoder writes.
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

    static func pushResponse(_ data: Data) -> PushResponse? {
        data.withUnsafeBytes { raw in
            var reader = JSONByteReader(raw.bindMemory(to: UInt8.self))
            return try? reader.document { (reader: inout JSONByteReader) throws(JSONByteReader.Unsupported) in try reader.pushResponse() }
        }
    }
}

/// The wire messages, read directly.
extension JSONByteReader {
    // MARK: Messages

    mutating func pullPage() throws(JSONByteReader.Unsupported) -> PullPage {
        let text = try page(row: { reader throws(JSONByteReader.Unsupported) in
            try reader.row { reader throws(JSONByteReader.Unsupported) in try reader.fieldVersion() }
        }, other: { _, _ throws(JSONByteReader.Unsupported) in throw JSONByteReader.Unsupported() })
        let rows = try text.rows.map { row throws(JSONByteReader.Unsupported) in try row.pulledRow(fields: row.fields) }
        return PullPage(rows: rows, nextCursor: PullCursor(rawValue: text.cursor), hasMore: text.hasMore, restarted: text.restarted)
    }

    /// A compact page (`CompactPullPage`). Its `writers` come after its rows (keys are
    /// sorted), so rows are read first and their clocks resolved at the end.
    mutating func compactPullPage() throws(JSONByteReader.Unsupported) -> PullPage {
        var writers: [CompactClocks.Writer]?
        let text = try page(row: { reader throws(JSONByteReader.Unsupported) in
            try reader.row { reader throws(JSONByteReader.Unsupported) in try reader.compactField() }
        }, other: { reader, key throws(JSONByteReader.Unsupported) in
            guard key == "writers", writers == nil else { throw JSONByteReader.Unsupported() }
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
        })
        guard let writers else { throw JSONByteReader.Unsupported() }
        var clocks = CompactClocks.RowClocks()
        let rows = try text.rows.map { row throws(JSONByteReader.Unsupported) in try row.resolved(with: writers, clocks: &clocks) }
        return PullPage(rows: rows, nextCursor: PullCursor(rawValue: text.cursor), hasMore: text.hasMore, restarted: text.restarted)
    }

    /// The members both page layouts share, each row read by `row`; any other key goes to
    /// `other`, which throws for keys it does not know.
    mutating func page<Row>(row: (inout JSONByteReader) throws(JSONByteReader.Unsupported) -> Row,
                            other: (inout JSONByteReader, String) throws(JSONByteReader.Unsupported) -> Void)
        throws(JSONByteReader.Unsupported) -> PageText<Row> {
        var rows: [Row]?
        var cursor: String?
        var hasMore: Bool?
        var restarted: Bool?
        try object { reader, key throws(JSONByteReader.Unsupported) in
            switch key {
            case "restarted" where restarted == nil: restarted = try reader.bool()
            case "rows" where rows == nil:
                var list: [Row] = []
                try reader.array { reader throws(JSONByteReader.Unsupported) in list.append(try row(&reader)) }
                rows = list
            case "nextCursor" where cursor == nil: cursor = try reader.string()
            case "hasMore" where hasMore == nil: hasMore = try reader.bool()
            default: try other(&reader, key)
            }
        }
        guard let rows, let cursor, let hasMore else { throw JSONByteReader.Unsupported() }
        return PageText(rows: rows, cursor: cursor, hasMore: hasMore, restarted: restarted)
    }

    /// The members both row layouts share, each field's version read by `field`.
    mutating func row<Field>(field: (inout JSONByteReader) throws(JSONByteReader.Unsupported) -> Field)
        throws(JSONByteReader.Unsupported) -> RowText<Field> {
        var entity: String?
        var id: String?
        var fields: [(name: String, field: Field)]?
        var evicted: Bool?
        var replaces: Bool?
        try object { reader, key throws(JSONByteReader.Unsupported) in
            switch key {
            case "replaces" where replaces == nil: replaces = try reader.bool()
            case "entity" where entity == nil: entity = try reader.string()
            case "evicted" where evicted == nil: evicted = try reader.bool()
            case "id" where id == nil: id = try reader.string()
            case "fields" where fields == nil:
                // A list, not a dictionary: written in key order (as servers write them), the
                // fields need no sorting, and a duplicate is caught when the row is built.
                var members: [(name: String, field: Field)] = []
                var inKeyOrder = true
                try reader.object { reader, name throws(JSONByteReader.Unsupported) in
                    if inKeyOrder, let previous = members.last, !WireCoding.precedesInByteOrder(previous.name, name) {
                        inKeyOrder = false
                    }
                    members.append((name, try field(&reader)))
                }
                if !inKeyOrder { members.sort { WireCoding.precedesInByteOrder($0.name, $1.name) } }
                fields = members
            default: throw JSONByteReader.Unsupported()
            }
        }
        guard let entity, let id, let fields else { throw JSONByteReader.Unsupported() }
        return RowText(entity: entity, id: id, fields: fields, evicted: evicted, replaces: replaces)
    }

    /// `[value, writer, wall, counter]`, exactly four elements (a compact page's field).
    mutating func compactField() throws(JSONByteReader.Unsupported) -> CompactFieldText {
        try expect(UInt8(ascii: "["))
        let value = try fieldValue()
        try expect(UInt8(ascii: ","))
        let writer = try integer()
        try expect(UInt8(ascii: ","))
        let wall = try integer()
        try expect(UInt8(ascii: ","))
        let counter = try integer()
        try expect(UInt8(ascii: "]"))
        return CompactFieldText(value: value, writer: writer, wall: wall, counter: counter)
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

    /// An answer whose results carry no current version and no aliases (those go to
    /// `JSONDecoder`, as does an explicit `null`).
    mutating func pushResponse() throws(JSONByteReader.Unsupported) -> PushResponse {
        var position: String?
        var results: [PushResult]?
        try object { reader, key throws(JSONByteReader.Unsupported) in
            switch key {
            case "logPosition" where position == nil: position = try reader.string()
            case "results" where results == nil:
                var list: [PushResult] = []
                try reader.array { reader throws(JSONByteReader.Unsupported) in list.append(try reader.pushResult()) }
                results = list
            default: throw JSONByteReader.Unsupported()
            }
        }
        guard let position, let results else { throw JSONByteReader.Unsupported() }
        return PushResponse(results: results, logPosition: PullCursor(rawValue: position))
    }

    mutating func pushResult() throws(JSONByteReader.Unsupported) -> PushResult {
        var sequence: Int64?
        var status: PushStatus?
        var storedClock: HLCTimestamp?
        var conflictID: String?
        var code: String?
        var message: String?
        try object { reader, key throws(JSONByteReader.Unsupported) in
            switch key {
            case "sequence" where sequence == nil: sequence = try reader.integer()
            case "status" where status == nil:
                guard let known = PushStatus(rawValue: try reader.string()) else { throw JSONByteReader.Unsupported() }
                status = known
            case "storedClock" where storedClock == nil: storedClock = try reader.clock()
            case "conflictID" where conflictID == nil: conflictID = try reader.string()
            case "code" where code == nil: code = try reader.string()
            case "message" where message == nil: message = try reader.string()
            default: throw JSONByteReader.Unsupported()
            }
        }
        guard let sequence, let status else { throw JSONByteReader.Unsupported() }
        return PushResult(sequence: sequence, status: status, storedClock: storedClock, conflictID: conflictID,
                          code: code.map { ErrorCode(rawValue: $0) }, message: message)
    }

    // MARK: Values

    mutating func clock() throws(JSONByteReader.Unsupported) -> HLCTimestamp {
        guard let clock = HLCTimestamp(try string()) else { throw JSONByteReader.Unsupported() }
        return clock
    }
}

/// A page as read, before its rows become `PulledRow`s.
struct PageText<Row> {
    var rows: [Row]
    var cursor: String
    var hasMore: Bool
    var restarted: Bool?
}

/// A row as read, with its fields in either layout.
struct RowText<Field> {
    var entity: String
    var id: String
    /// The fields in key order (`WireCoding.keyOrder`).
    var fields: [(name: String, field: Field)]
    var evicted: Bool?
    var replaces: Bool?

    /// The row with `fields` as its versions.
    /// - Throws: `Unsupported` when a field comes twice (the standard decoder then decides).
    func pulledRow(fields: [(name: String, field: WireFieldVersion)]) throws(JSONByteReader.Unsupported) -> PulledRow {
        var versions: [String: WireFieldVersion] = [:]
        versions.reserveCapacity(fields.count)
        for (name, version) in fields {
            guard versions.updateValue(version, forKey: name) == nil else { throw JSONByteReader.Unsupported() }
        }
        return PulledRow(entity: EntityName(entity), id: RowID(id), fields: versions, evicted: evicted, replaces: replaces)
    }
}

/// A compact page's field as read, before its clock is resolved against the page's writers.
struct CompactFieldText {
    var value: FieldValue
    var writer: Int64
    var wall: Int64
    var counter: Int64
}

extension RowText<CompactFieldText> {
    /// The row with every field's clock and author (`CompactClocks`).
    /// - Parameter clocks: the page's row clocks, reset here for this row (one storage for
    ///   the whole page).
    func resolved(with writers: [CompactClocks.Writer], clocks: inout CompactClocks.RowClocks) throws(JSONByteReader.Unsupported) -> PulledRow {
        clocks.reset()
        // Straight into the row's dictionary: a list in between copied every name and version.
        var versions: [String: WireFieldVersion] = [:]
        versions.reserveCapacity(fields.count)
        for (name, field) in fields {   // in key order, which the clocks' deltas follow
            guard let writer = Int(exactly: field.writer), writers.indices.contains(writer),
                  let clock = clocks.decode(wall: field.wall, counter: field.counter, writer: writer, device: writers[writer].device) else {
                throw JSONByteReader.Unsupported()
            }
            let version = WireFieldVersion(FieldVersion(value: field.value, clock: clock, author: writers[writer].author))
            // A field named twice is left to the standard decoder.
            guard versions.updateValue(version, forKey: name) == nil else { throw JSONByteReader.Unsupported() }
        }
        return PulledRow(entity: EntityName(entity), id: RowID(id), fields: versions, evicted: evicted, replaces: replaces)
    }
}
