import Foundation
import OutpostCore

/// A direct writer for `PullPage` in both layouts (v1's, and v2's `CompactPullPage`), the
/// message a server sends most (every page of every bootstrap and pull), producing exactly the
/// bytes `WireCoding.makeEncoder()` produces.
///
/// `JSONEncoder` builds a tree of boxed values and sorts every object's keys; for a page that
/// is a third of the server's pull time. This writer handles the common page (values as
/// `JSONByteWriter` writes them: no real numbers, no control characters); a page holding
/// anything else returns nil and goes through `JSONEncoder`.
public enum WireFastEncoding {
    /// The page's wire bytes, or nil when it needs `JSONEncoder`.
    public static func pullPage(_ page: PullPage) -> [UInt8]? {
        write(page, bytesPerRow: 400, startRow: {}, field: { version, out in
            guard JSONByteWriter.appendString(version.clock.description, to: &out) else { return false }
            out.append(UInt8(ascii: ","))
            return JSONByteWriter.appendString(version.author.rawValue, to: &out)
        }, end: { _ in true })
    }

    /// The page's wire bytes in the compact layout of protocol v2 (`CompactPullPage`), or nil
    /// when it needs `JSONEncoder`.
    public static func compactPullPage(_ page: PullPage) -> [UInt8]? {
        var table = CompactClocks.WriterTable()
        var clocks = CompactClocks.RowClocks()
        return write(page, bytesPerRow: 250, startRow: { clocks.reset() }, field: { version, out in
            let writer = table.index(of: CompactClocks.Writer(device: version.clock.deviceID, author: version.author))
            let (wall, counter) = clocks.encode(version.clock, writer: writer)
            JSONByteWriter.appendInteger(Int64(writer), to: &out)
            out.append(UInt8(ascii: ","))
            JSONByteWriter.appendInteger(wall, to: &out)
            out.append(UInt8(ascii: ","))
            JSONByteWriter.appendInteger(counter, to: &out)
            return true
        }, end: { out in
            out += #","writers":["#.utf8
            for (index, writer) in table.writers.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                guard JSONByteWriter.appendString(writer.device.rawValue, to: &out) else { return false }
                out.append(UInt8(ascii: ","))
                guard JSONByteWriter.appendString(writer.author.rawValue, to: &out) else { return false }
                out.append(UInt8(ascii: "]"))
            }
            out.append(UInt8(ascii: "]"))
            return true
        })
    }

    // MARK: - Private

    /// What both layouts share: the page's members and rows in sorted-key order, each field as
    /// `[value, …]` where `field` writes what follows the value; `end` writes the members
    /// after `rows`. `startRow` runs before each row's fields.
    private static func write(_ page: PullPage, bytesPerRow: Int, startRow: () -> Void,
                              field: (FieldVersion, inout [UInt8]) -> Bool, end: (inout [UInt8]) -> Bool) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(256 + page.rows.count * bytesPerRow)
        out += #"{"hasMore":"#.utf8
        out += (page.hasMore ? "true" : "false").utf8
        out += #","nextCursor":"#.utf8
        guard JSONByteWriter.appendString(page.nextCursor.rawValue, to: &out) else { return nil }
        if let restarted = page.restarted { out += (restarted ? #","restarted":true"# : #","restarted":false"#).utf8 }
        out += #","rows":["#.utf8
        var sortedKeys: [Int: [String]] = [:]
        for (index, row) in page.rows.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += #"{"entity":"#.utf8
            guard JSONByteWriter.appendString(row.entity.rawValue, to: &out) else { return nil }
            if let evicted = row.evicted { out += (evicted ? #","evicted":true"# : #","evicted":false"#).utf8 }
            out += #","fields":{"#.utf8
            startRow()
            // Plain keys only, in the encoder's order.
            for (position, place) in WireCoding.keyOrder(row.fields, reusing: &sortedKeys).enumerated() {
                let (name, wire) = row.fields[place]
                let version = wire.version
                guard JSONByteWriter.isPlainKey(name) else { return nil }
                if position > 0 { out.append(UInt8(ascii: ",")) }
                guard JSONByteWriter.appendString(name, to: &out) else { return nil }
                out += ":[".utf8
                guard JSONByteWriter.append(version.value, to: &out) else { return nil }
                out.append(UInt8(ascii: ","))
                guard field(version, &out) else { return nil }
                out.append(UInt8(ascii: "]"))
            }
            out += #"},"id":"#.utf8
            guard JSONByteWriter.appendString(row.id.rawValue, to: &out) else { return nil }
            if let replaces = row.replaces { out += (replaces ? #","replaces":true"# : #","replaces":false"#).utf8 }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        guard end(&out) else { return nil }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
