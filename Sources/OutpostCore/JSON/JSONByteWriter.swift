/// A direct writer of JSON bytes producing exactly what Outpost's `JSONEncoder` setup writes
/// (compact, `.sortedKeys`, `.withoutEscapingSlashes`) for the values it handles: null,
/// booleans, integers, strings without control characters, and lists and objects of those
/// with plain keys. Anything else (a real number, a control character, another key) makes it
/// answer false, and the caller uses `JSONEncoder`: the bytes are the same either way.
public enum JSONByteWriter {
    /// Appends the value's JSON; false (with `out` partly written) when it needs `JSONEncoder`.
    public static func append(_ value: FieldValue, to out: inout [UInt8]) -> Bool {
        switch value {
        case .null: out += "null".utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .integer(let number): appendInteger(number, to: &out)
        case .text(let text): return appendString(text, to: &out)
        case .real: return false
        case .list(let elements):
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                guard append(element, to: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (position, key) in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                guard isPlainKey(key), let member = members[key] else { return false }
                if position > 0 { out.append(UInt8(ascii: ",")) }
                guard appendString(key, to: &out) else { return false }
                out.append(UInt8(ascii: ":"))
                guard append(member, to: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// Appends `number` in decimal, as `String(number)` spells it, without making the string.
    public static func appendInteger(_ number: Int64, to out: inout [UInt8]) {
        if number < 0 { out.append(UInt8(ascii: "-")) }
        // The magnitude as unsigned: `Int64.min` has none as a signed number.
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: room for the 20 digits of UInt64.max
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// Appends `"text"`, escaping quotes and backslashes; false for a control character.
    public static func appendString(_ text: String, to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "\""))
        // Nearly every string has nothing to escape: copied whole, not byte by byte.
        let copiedWhole = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copiedWhole == true {
            out.append(UInt8(ascii: "\""))
            return true
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case ..<0x20:
                return false
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return true
    }

    /// Keys of lowercase letters, digits and underscores: every sorting of them agrees.
    public static func isPlainKey(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }
}
