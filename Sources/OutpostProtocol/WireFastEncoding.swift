import Foundation
import OutpostCore

/// A direct writer for `PullPage` in both layouts (v1's, and v2's `CompactPullPage`), the
/// message a server sends most (every page of every bootstrap and pull), producing exactly the
/// bytes `WireCoding.makeEncoder()` produces.
///
/// `JSONEncoder` builds a tree of boxed values and sorts every object's keys; for a page that
/// is a third of the server's pull time. This writer handles the common page (see
/// `PullPageWriter`); a page holding anything else returns nil and goes through `JSONEncoder`.
public enum WireFastEncoding {
    /// The page's wire bytes, or nil when it needs `JSONEncoder`.
    public static func pullPage(_ page: PullPage) -> [UInt8]? {
        write(page, layout: .plain)
    }

    /// The page's wire bytes in the compact layout of protocol v2 (`CompactPullPage`), or nil
    /// when it needs `JSONEncoder`.
    public static func compactPullPage(_ page: PullPage) -> [UInt8]? {
        write(page, layout: .compact)
    }

    // MARK: - Private

    private static func write(_ page: PullPage, layout: PullPageWriter.Layout) -> [UInt8]? {
        var writer = PullPageWriter(layout: layout, hasMore: page.hasMore, nextCursor: page.nextCursor, restarted: page.restarted,
                                    expectedRows: page.rows.count)
        var sortedKeys: [Int: [String]] = [:]
        for row in page.rows {
            writer.beginRow(entity: row.entity, evicted: row.evicted)
            // Plain keys only, in the encoder's order.
            for place in WireCoding.keyOrder(row.fields, reusing: &sortedKeys) {
                let (name, wire) = row.fields[place]
                writer.appendField(name, wire.version)
            }
            writer.endRow(id: row.id, replaces: row.replaces)
        }
        return writer.finish()
    }
}
