import Foundation
import OutpostCore

/// A direct writer for `PullPage`, the message a server sends most (every page of every
/// bootstrap and pull), producing exactly the bytes `WireCoding.makeEncoder()` produces.
///
/// `JSONEncoder` builds a tree of boxed values and sorts every object's keys; for a page that
/// is a third of the server's pull time. This writer handles the plain page: keys and strings
/// that need no escaping, integers, booleans, nulls. A page holding anything else (a real
/// number, a list or object value, a quote, a control character) returns nil and goes
/// through `JSONEncoder`.
public enum WireFastEncoding {
    /// The page's wire bytes, or nil when it needs `JSONEncoder`.
    public static func pullPage(_ page: PullPage) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(256 + page.rows.count * 400)
        out += #"{"hasMore":"#.utf8
        out += (page.hasMore ? "true" : "false").utf8
        out += #","nextCursor":"#.utf8
        guard appendString(page.nextCursor.rawValue, to: &out) else { return nil }
        if let restarted = page.restarted { out += (restarted ? #","restarted":true"# : #","restarted":false"#).utf8 }
        out += #","rows":["#.utf8
        for (index, row) in page.rows.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += #"{"entity":"#.utf8
            guard appendString(row.entity.rawValue, to: &out) else { return nil }
            if let evicted = row.evicted { out += (evicted ? #","evicted":true"# : #","evicted":false"#).utf8 }
            out += #","fields":{"#.utf8
            // Sorted like the encoder's `.sortedKeys` (UTF-8 byte order), plain keys only.
            for (position, name) in row.fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                guard isPlainKey(name), let version = row.fields[name]?.version else { return nil }
                if position > 0 { out.append(UInt8(ascii: ",")) }
                guard appendString(name, to: &out) else { return nil }
                out += ":[".utf8
                switch version.value {
                case .null: out += "null".utf8
                case .bool(let flag): out += (flag ? "true" : "false").utf8
                case .integer(let number): out += String(number).utf8
                case .text(let text): guard appendString(text, to: &out) else { return nil }
                case .real, .list, .object: return nil
                }
                out.append(UInt8(ascii: ","))
                guard appendString(version.clock.description, to: &out) else { return nil }
                out.append(UInt8(ascii: ","))
                guard appendString(version.author.rawValue, to: &out) else { return nil }
                out.append(UInt8(ascii: "]"))
            }
            out += #"},"id":"#.utf8
            guard appendString(row.id.rawValue, to: &out) else { return nil }
            if let replaces = row.replaces { out += (replaces ? #","replaces":true"# : #","replaces":false"#).utf8 }
            out.append(UInt8(ascii: "}"))
        }
        out += "]}".utf8
        return out
    }

    // MARK: - Private

    /// Appends `"text"` when no character needs escaping; false otherwise.
    private static func appendString(_ text: String, to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            guard byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { return false }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
        return true
    }

    /// Field names of lowercase letters, digits and underscores: every sorting of them agrees.
    private static func isPlainKey(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }
}
