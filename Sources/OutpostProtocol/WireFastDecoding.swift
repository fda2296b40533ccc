import Foundation
import OutpostCore

/// A direct reader for the two busiest messages, `PullPage` (every page a laptop pulls) and
/// `PushRequest` (every push the server takes), in the shape `WireCoding`'s encoder writes.
///
/// `JSONDecoder` spends most of a page's decoding time in its generic container machinery
/// (DESIGN "JSON cost"). This reader handles only the plain common case: known keys, each
/// once; strings without escapes; integers; `true`, `false`, `null` (lists and objects, too,
/// are left to `JSONDecoder`). On anything else it
/// gives up and `WireCoding.decode` asks `JSONDecoder`, so every message decodes to exactly
/// what `JSONDecoder` makes of it, errors included.
enum WireFastDecoding {
    /// The page, or nil when the bytes need `JSONDecoder`.
    static func pullPage(_ data: Data) -> PullPage? {
        data.withUnsafeBytes { raw in
            var reader = JSONBytes(raw.bindMemory(to: UInt8.self))
            return try? reader.document { (reader: inout JSONBytes) throws(NeedsJSONDecoder) in try reader.pullPage() }
        }
    }

    /// The push, or nil when the bytes need `JSONDecoder`.
    static func pushRequest(_ data: Data) -> PushRequest? {
        data.withUnsafeBytes { raw in
            var reader = JSONBytes(raw.bindMemory(to: UInt8.self))
            return try? reader.document { (reader: inout JSONBytes) throws(NeedsJSONDecoder) in try reader.pushRequest() }
        }
    }
}

/// Thrown when the reader leaves a message to `JSONDecoder`.
private struct NeedsJSONDecoder: Error {}

private struct JSONBytes {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads one whole document with `body`; only whitespace may follow.
    mutating func document<T>(_ body: (inout JSONBytes) throws(NeedsJSONDecoder) -> T) throws(NeedsJSONDecoder) -> T {
        let value = try body(&self)
        skipWhitespace()
        guard index == bytes.count else { throw NeedsJSONDecoder() }
        return value
    }

    // MARK: Messages

    mutating func pullPage() throws(NeedsJSONDecoder) -> PullPage {
        var rows: [PulledRow]?
        var cursor: String?
        var hasMore: Bool?
        var restarted: Bool?
        try object { reader, key throws(NeedsJSONDecoder) in
            switch key {
            case "restarted" where restarted == nil: restarted = try reader.bool()
            case "rows" where rows == nil:
                var list: [PulledRow] = []
                try reader.array { reader throws(NeedsJSONDecoder) in list.append(try reader.pulledRow()) }
                rows = list
            case "nextCursor" where cursor == nil: cursor = try reader.string()
            case "hasMore" where hasMore == nil: hasMore = try reader.bool()
            default: throw NeedsJSONDecoder()
            }
        }
        guard let rows, let cursor, let hasMore else { throw NeedsJSONDecoder() }
        return PullPage(rows: rows, nextCursor: PullCursor(rawValue: cursor), hasMore: hasMore, restarted: restarted)
    }

    mutating func pulledRow() throws(NeedsJSONDecoder) -> PulledRow {
        var entity: String?
        var id: String?
        var fields: [String: WireFieldVersion]?
        var evicted: Bool?
        var replaces: Bool?
        try object { reader, key throws(NeedsJSONDecoder) in
            switch key {
            case "replaces" where replaces == nil: replaces = try reader.bool()
            case "entity" where entity == nil: entity = try reader.string()
            case "evicted" where evicted == nil: evicted = try reader.bool()
            case "id" where id == nil: id = try reader.string()
            case "fields" where fields == nil:
                var versions: [String: WireFieldVersion] = [:]
                try reader.object { reader, name throws(NeedsJSONDecoder) in
                    guard versions[name] == nil else { throw NeedsJSONDecoder() }
                    versions[name] = try reader.fieldVersion()
                }
                fields = versions
            default: throw NeedsJSONDecoder()
            }
        }
        guard let entity, let id, let fields else { throw NeedsJSONDecoder() }
        return PulledRow(entity: EntityName(entity), id: RowID(id), fields: fields, evicted: evicted, replaces: replaces)
    }

    /// `[value, "clock", "author"]`, exactly three elements.
    mutating func fieldVersion() throws(NeedsJSONDecoder) -> WireFieldVersion {
        try expect(UInt8(ascii: "["))
        let value = try fieldValue()
        try expect(UInt8(ascii: ","))
        let clock = try clock()
        try expect(UInt8(ascii: ","))
        let author = try string()
        try expect(UInt8(ascii: "]"))
        return WireFieldVersion(FieldVersion(value: value, clock: clock, author: UserID(author)))
    }

    mutating func pushRequest() throws(NeedsJSONDecoder) -> PushRequest {
        var device: String?
        var changes: [PushChange]?
        try object { reader, key throws(NeedsJSONDecoder) in
            switch key {
            case "deviceID" where device == nil: device = try reader.string()
            case "changes" where changes == nil:
                var list: [PushChange] = []
                try reader.array { reader throws(NeedsJSONDecoder) in list.append(try reader.pushChange()) }
                changes = list
            default: throw NeedsJSONDecoder()
            }
        }
        guard let device, let changes else { throw NeedsJSONDecoder() }
        return PushRequest(deviceID: DeviceID(device), changes: changes)
    }

    mutating func pushChange() throws(NeedsJSONDecoder) -> PushChange {
        var sequence: Int64?
        var entity: String?
        var row: String?
        var field: String?
        var value: FieldValue?
        var clock: HLCTimestamp?
        var base: HLCTimestamp??
        try object { reader, key throws(NeedsJSONDecoder) in
            switch key {
            case "sequence" where sequence == nil: sequence = try reader.integer()
            case "entity" where entity == nil: entity = try reader.string()
            case "rowID" where row == nil: row = try reader.string()
            case "field" where field == nil: field = try reader.string()
            case "value" where value == nil: value = try reader.fieldValue()
            case "clock" where clock == nil: clock = try reader.clock()
            case "base" where base == nil: base = .some(try reader.null() ? nil : try reader.clock())
            default: throw NeedsJSONDecoder()
            }
        }
        guard let sequence, let entity, let row, let field, let value, let clock else { throw NeedsJSONDecoder() }
        return PushChange(sequence: sequence, entity: EntityName(entity), rowID: RowID(row), field: FieldName(field),
                          value: value, clock: clock, base: base ?? nil)
    }

    // MARK: Values

    mutating func fieldValue() throws(NeedsJSONDecoder) -> FieldValue {
        skipWhitespace()
        guard index < bytes.count else { throw NeedsJSONDecoder() }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .text(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try bool())
        case UInt8(ascii: "n"):
            _ = try null()
            return .null
        default: return .integer(try integer())
        }
    }

    mutating func clock() throws(NeedsJSONDecoder) -> HLCTimestamp {
        guard let clock = HLCTimestamp(try string()) else { throw NeedsJSONDecoder() }
        return clock
    }

    /// A string without escapes or control characters, valid UTF-8.
    mutating func string() throws(NeedsJSONDecoder) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                guard let text else { throw NeedsJSONDecoder() }
                return text
            }
            guard byte != UInt8(ascii: "\\"), byte >= 0x20 else { throw NeedsJSONDecoder() }
            index += 1
        }
        throw NeedsJSONDecoder()
    }

    /// An integer literal: optional minus, digits without a leading zero, no fraction or exponent.
    mutating func integer() throws(NeedsJSONDecoder) -> Int64 {
        skipWhitespace()
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var magnitude: UInt64 = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw NeedsJSONDecoder() }
            magnitude = sum
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { throw NeedsJSONDecoder() }
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): throw NeedsJSONDecoder()
            default: break
            }
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw NeedsJSONDecoder() }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw NeedsJSONDecoder() }
        return Int64(magnitude)
    }

    mutating func bool() throws(NeedsJSONDecoder) -> Bool {
        if try literal("true") { return true }
        if try literal("false") { return false }
        throw NeedsJSONDecoder()
    }

    /// Reads `null` when it comes next.
    mutating func null() throws(NeedsJSONDecoder) -> Bool {
        try literal("null")
    }

    // MARK: Structure

    /// Calls `member` for each key of an object, with the reader at the key's value.
    mutating func object(_ member: (inout JSONBytes, String) throws(NeedsJSONDecoder) -> Void) throws(NeedsJSONDecoder) {
        try expect(UInt8(ascii: "{"))
        if try consume(UInt8(ascii: "}")) { return }
        repeat {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    /// Calls `element` for each element of an array, with the reader at the element.
    mutating func array(_ element: (inout JSONBytes) throws(NeedsJSONDecoder) -> Void) throws(NeedsJSONDecoder) {
        try expect(UInt8(ascii: "["))
        if try consume(UInt8(ascii: "]")) { return }
        repeat {
            try element(&self)
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
    }

    mutating func expect(_ byte: UInt8) throws(NeedsJSONDecoder) {
        guard try consume(byte) else { throw NeedsJSONDecoder() }
    }

    mutating func consume(_ byte: UInt8) throws(NeedsJSONDecoder) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func literal(_ word: StaticString) throws(NeedsJSONDecoder) -> Bool {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}
