import Foundation

/// A direct reader of JSON bytes for the plain shapes Outpost writes most: field values,
/// pull pages, pushes. It handles objects, arrays, strings (escapes included), integers,
/// `true`, `false` and `null`; a real number, a lone surrogate or anything it does not
/// understand throws `Unsupported`, and the caller asks `JSONDecoder` instead, so a reader's
/// result is always the one `JSONDecoder` gives.
///
/// `JSONDecoder` spends most of its time in its generic container machinery (DESIGN "JSON
/// cost"): for a page of 1,000 rows that is most of a client's pull.
public struct JSONByteReader {
    /// Thrown when the bytes need `JSONDecoder`.
    public struct Unsupported: Error {
        public init() {}
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// How many lists and objects enclose the value being read.
    private var depth = 0
    /// Deeper values are left to `JSONDecoder`, which has its own limit (a hostile body of
    /// ten thousand brackets must be refused, not read recursively).
    private static let maximumDepth = 32

    /// A reader at the start of `bytes`, which must outlive it.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads one whole document with `body`; only whitespace may follow.
    public mutating func document<T>(_ body: (inout JSONByteReader) throws(Unsupported) -> T) throws(Unsupported) -> T {
        let value = try body(&self)
        skipWhitespace()
        guard index == bytes.count else { throw Unsupported() }
        return value
    }

    // MARK: Values

    /// A field value: null, a boolean, an integer, a string, or a list or object of those.
    public mutating func fieldValue() throws(Unsupported) -> FieldValue {
        skipWhitespace()
        guard index < bytes.count else { throw Unsupported() }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .text(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try bool())
        case UInt8(ascii: "n"):
            _ = try null()
            return .null
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw Unsupported() }
            depth += 1
            defer { depth -= 1 }
            return bytes[index] == UInt8(ascii: "[") ? try list() : try members()
        default: return .integer(try integer())
        }
    }

    /// A list of field values; the reader is at its bracket.
    private mutating func list() throws(Unsupported) -> FieldValue {
        var elements: [FieldValue] = []
        try array { reader throws(Unsupported) in elements.append(try reader.fieldValue()) }
        return .list(elements)
    }

    /// An object of field values; the reader is at its brace.
    private mutating func members() throws(Unsupported) -> FieldValue {
        var members: [String: FieldValue] = [:]
        try object { reader, key throws(Unsupported) in
            // JSONDecoder's answer to a repeated key is its own business.
            guard members[key] == nil else { throw Unsupported() }
            members[key] = try reader.fieldValue()
        }
        return .object(members)
    }

    /// A string, valid UTF-8; escapes other than surrogates are decoded.
    public mutating func string() throws(Unsupported) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        var allBytes: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = Self.validText(UnsafeBufferPointer(rebasing: bytes[start..<index]), isASCII: allBytes < 0x80)
                index += 1
                guard let text else { throw Unsupported() }
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            guard byte >= 0x20 else { throw Unsupported() }
            allBytes |= byte
            index += 1
        }
        throw Unsupported()
    }

    /// `bytes` as text, or nil when they are not valid UTF-8. `String(validating:as:)` runs
    /// unspecialized and looks up generic metadata on every call (a fifth of reading a pull
    /// page); decoding repairs bad bytes instead, so a repaired result is told by comparing it
    /// with the bytes it came from (ASCII needs no check).
    private static func validText(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String? {
        var text = String(decoding: bytes, as: UTF8.self)
        if isASCII { return text }
        let unchanged = text.withUTF8 { decoded in
            decoded.count == bytes.count && (bytes.isEmpty || memcmp(decoded.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
        return unchanged ? text : nil
    }

    /// An integer literal: optional minus, digits without a leading zero, no fraction or exponent.
    public mutating func integer() throws(Unsupported) -> Int64 {
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
            guard !overflow1, !overflow2 else { throw Unsupported() }
            magnitude = sum
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { throw Unsupported() }
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): throw Unsupported()
            default: break
            }
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw Unsupported() }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw Unsupported() }
        return Int64(magnitude)
    }

    /// `true` or `false`.
    public mutating func bool() throws(Unsupported) -> Bool {
        if try literal("true") { return true }
        if try literal("false") { return false }
        throw Unsupported()
    }

    /// Reads `null` when it comes next.
    public mutating func null() throws(Unsupported) -> Bool {
        try literal("null")
    }

    // MARK: Structure

    /// Calls `member` for each key of an object, with the reader at the key's value.
    public mutating func object(_ member: (inout JSONByteReader, String) throws(Unsupported) -> Void) throws(Unsupported) {
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
    public mutating func array(_ element: (inout JSONByteReader) throws(Unsupported) -> Void) throws(Unsupported) {
        try expect(UInt8(ascii: "["))
        if try consume(UInt8(ascii: "]")) { return }
        repeat {
            try element(&self)
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
    }

    /// Reads `byte` (after whitespace) or throws.
    public mutating func expect(_ byte: UInt8) throws(Unsupported) {
        guard try consume(byte) else { throw Unsupported() }
    }

    /// Reads `byte` (after whitespace) when it comes next.
    public mutating func consume(_ byte: UInt8) throws(Unsupported) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    // MARK: - Private

    private mutating func literal(_ word: StaticString) throws(Unsupported) -> Bool {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The rest of a string that holds an escape; the reader is at the first backslash.
    private mutating func escapedString(from start: Int) throws(Unsupported) -> String {
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: decoded, as: UTF8.self) else { throw Unsupported() }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Unsupported() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    // Surrogate pairs are rare enough to leave to JSONDecoder.
                    guard let scalar = Unicode.Scalar(try hexQuad()) else { throw Unsupported() }
                    decoded += Array(String(Character(scalar)).utf8)
                default: throw Unsupported()
                }
            default:
                guard byte >= 0x20 else { throw Unsupported() }
                decoded.append(byte)
            }
        }
        throw Unsupported()
    }

    /// Four hex digits of a `\u` escape.
    private mutating func hexQuad() throws(Unsupported) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Unsupported() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt32 = switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Unsupported()
            }
            value = value << 4 | digit
        }
        return value
    }
}
