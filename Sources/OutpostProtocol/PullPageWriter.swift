import OutpostCore

/// Writes a `PullPage` row by row, in either layout (v1's, and v2's `CompactPullPage`),
/// producing exactly the bytes `WireCoding.makeEncoder()` produces for the same page.
///
/// The server writes its busiest message with it: from a `PullPage` (`WireFastEncoding`), or
/// straight from stored rows, without building the page first. It writes the common page
/// (values as `JSONByteWriter` writes them: no real numbers, no control characters); a page
/// holding anything else makes `finish()` return nil, and goes through `JSONEncoder`.
///
/// Members come in the encoder's sorted-key order, so the caller hands each row's fields
/// in key order (`WireCoding.keyOrder`: UTF-8 byte order of their names).
public struct PullPageWriter {
    /// Which layout the page is written in.
    public enum Layout: Hashable, Sendable {
        /// Protocol v1: every field carries its clock and author as text.
        case plain
        /// Protocol v2 (`CompactPullPage`): fields name their (device, author) pair by index
        /// and carry their clock relative to the row's previous field of that pair.
        case compact
    }

    private let layout: Layout
    private var out: [UInt8] = []
    private var writers = CompactClocks.WriterTable()
    private var clocks = CompactClocks.RowClocks()
    private var rowsWritten = 0
    private var fieldsInRow = 0
    /// Set once something needed `JSONEncoder`: the bytes are then not the page.
    private var isPlain = true

    /// Starts a page: its members before `rows`.
    /// - Parameter expectedRows: how many rows will come (room is made for them).
    public init(layout: Layout, hasMore: Bool, nextCursor: PullCursor, restarted: Bool?, expectedRows: Int) {
        self.layout = layout
        out.reserveCapacity(256 + expectedRows * (layout == .compact ? 250 : 400))
        out += #"{"hasMore":"#.utf8
        out += (hasMore ? "true" : "false").utf8
        out += #","nextCursor":"#.utf8
        isPlain = JSONByteWriter.appendString(nextCursor.rawValue, to: &out)
        if let restarted { out += (restarted ? #","restarted":true"# : #","restarted":false"#).utf8 }
        out += #","rows":["#.utf8
    }

    /// Starts a row; its fields follow (`appendField`), then `endRow`.
    public mutating func beginRow(entity: EntityName, evicted: Bool? = nil) {
        if rowsWritten > 0 { out.append(UInt8(ascii: ",")) }
        rowsWritten += 1
        fieldsInRow = 0
        out += #"{"entity":"#.utf8
        isPlain = JSONByteWriter.appendString(entity.rawValue, to: &out) && isPlain
        if let evicted { out += (evicted ? #","evicted":true"# : #","evicted":false"#).utf8 }
        out += #","fields":{"#.utf8
        clocks.reset()
    }

    /// Writes the row's next field: `name` must follow the previous field's in UTF-8 byte order.
    public mutating func appendField(_ name: String, _ version: FieldVersion) {
        guard JSONByteWriter.isPlainKey(name) else {
            isPlain = false
            return
        }
        if fieldsInRow > 0 { out.append(UInt8(ascii: ",")) }
        fieldsInRow += 1
        isPlain = JSONByteWriter.appendString(name, to: &out) && isPlain
        out += ":[".utf8
        isPlain = JSONByteWriter.append(version.value, to: &out) && isPlain
        out.append(UInt8(ascii: ","))
        switch layout {
        case .plain:
            isPlain = JSONByteWriter.appendString(version.clock.description, to: &out) && isPlain
            out.append(UInt8(ascii: ","))
            isPlain = JSONByteWriter.appendString(version.author.rawValue, to: &out) && isPlain
        case .compact:
            let writer = writers.index(of: CompactClocks.Writer(device: version.clock.deviceID, author: version.author))
            let (wall, counter) = clocks.encode(version.clock, writer: writer)
            JSONByteWriter.appendInteger(Int64(writer), to: &out)
            out.append(UInt8(ascii: ","))
            JSONByteWriter.appendInteger(wall, to: &out)
            out.append(UInt8(ascii: ","))
            JSONByteWriter.appendInteger(counter, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Ends the row begun last.
    public mutating func endRow(id: RowID, replaces: Bool? = nil) {
        out += #"},"id":"#.utf8
        isPlain = JSONByteWriter.appendString(id.rawValue, to: &out) && isPlain
        if let replaces { out += (replaces ? #","replaces":true"# : #","replaces":false"#).utf8 }
        out.append(UInt8(ascii: "}"))
    }

    /// The page's bytes, or nil when something in it needs `JSONEncoder`.
    public consuming func finish() -> [UInt8]? {
        out.append(UInt8(ascii: "]"))
        if layout == .compact {
            out += #","writers":["#.utf8
            for (index, writer) in writers.writers.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                isPlain = JSONByteWriter.appendString(writer.device.rawValue, to: &out) && isPlain
                out.append(UInt8(ascii: ","))
                isPlain = JSONByteWriter.appendString(writer.author.rawValue, to: &out) && isPlain
                out.append(UInt8(ascii: "]"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
        return isPlain ? out : nil
    }
}
