/// The stamps of every written field of one row, packed into one compact BLOB that sits in
/// the row itself (DESIGN "Replica layout": a side table of (row, field) clocks costs 5× the
/// insert rate and 3× the file size).
///
/// Layout (all integers are unsigned LEB128 varints):
/// `format(=1) · pairCount · (deviceLength device authorLength author)* ·
///  fieldCount · (nameLength name wall counter pairIndex logPosition)*`.
/// Device and author pairs are stored once per row, since one row is usually written by
/// one or two devices.
public struct FieldStamps: Hashable, Sendable {
    /// The stamp of each written field.
    public var byField: [FieldName: FieldStamp]

    /// Creates stamps from a dictionary.
    public init(_ byField: [FieldName: FieldStamp] = [:]) {
        self.byField = byField
    }

    /// The stamp of `field`, if it was ever written.
    public subscript(field: FieldName) -> FieldStamp? {
        get { byField[field] }
        set { byField[field] = newValue }
    }

    /// Whether the row counts as deleted: its tombstone says so and no other field was
    /// written after the tombstone. A later edit therefore revives the row, and an earlier
    /// concurrent edit stays beneath the tombstone, so an undelete restores the latest values.
    public func isDeleted(tombstoneValue: Bool) -> Bool {
        guard tombstoneValue, let tombstone = byField[.deleted] else { return false }
        return byField.allSatisfy { name, stamp in name == .deleted || stamp.clock < tombstone.clock }
    }

    /// The packed bytes.
    public func encoded() -> [UInt8] {
        let fields = byField.sorted { $0.key < $1.key }
        // A row has one or two (device, author) pairs: a linear search beats hashing them.
        var pairs: [(device: String, author: String)] = []
        var pairIndexes: [Int] = []
        pairIndexes.reserveCapacity(fields.count)
        for (_, stamp) in fields {
            let device = stamp.clock.deviceID.rawValue
            let author = stamp.author.rawValue
            if let index = pairs.firstIndex(where: { $0.device == device && $0.author == author }) {
                pairIndexes.append(index)
            } else {
                pairIndexes.append(pairs.count)
                pairs.append((device, author))
            }
        }
        var bytes: [UInt8] = [1]
        bytes.reserveCapacity(16 + pairs.count * 48 + fields.count * 24)
        appendVarint(UInt64(pairs.count), to: &bytes)
        for pair in pairs {
            appendText(pair.device, to: &bytes)
            appendText(pair.author, to: &bytes)
        }
        appendVarint(UInt64(fields.count), to: &bytes)
        for ((name, stamp), pairIndex) in zip(fields, pairIndexes) {
            appendText(name.rawValue, to: &bytes)
            appendVarint(UInt64(bitPattern: stamp.clock.wallMilliseconds), to: &bytes)
            appendVarint(UInt64(stamp.clock.counter), to: &bytes)
            appendVarint(UInt64(pairIndex), to: &bytes)
            appendVarint(UInt64(bitPattern: stamp.logPosition), to: &bytes)
        }
        return bytes
    }

    /// Unpacks bytes made by `encoded()`.
    /// - Throws: `FieldStampsError.corrupt` when the bytes are not a stamp pack.
    public init(decoding bytes: [UInt8]) throws(FieldStampsError) {
        var reader = ByteReader(bytes: bytes)
        guard try reader.byte() == 1 else { throw .corrupt }
        let pairCount = try reader.varint()
        var pairs: [(DeviceID, UserID)] = []
        for _ in 0..<pairCount {
            pairs.append((DeviceID(try reader.text()), UserID(try reader.text())))
        }
        let fieldCount = try reader.varint()
        var byField: [FieldName: FieldStamp] = [:]
        byField.reserveCapacity(Int(fieldCount))
        for _ in 0..<fieldCount {
            let name = FieldName(try reader.text())
            let wall = Int64(bitPattern: try reader.varint())
            let counter = UInt32(truncatingIfNeeded: try reader.varint())
            let pairIndex = Int(try reader.varint())
            let logPosition = Int64(bitPattern: try reader.varint())
            guard pairIndex < pairs.count else { throw .corrupt }
            let (device, author) = pairs[pairIndex]
            byField[name] = FieldStamp(
                clock: HLCTimestamp(wallMilliseconds: wall, counter: counter, deviceID: device),
                author: author, logPosition: logPosition)
        }
        self.byField = byField
    }

    // MARK: - Private

    private func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private func appendText(_ text: String, to bytes: inout [UInt8]) {
        appendVarint(UInt64(text.utf8.count), to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }
}

/// The error of unpacking a damaged stamp BLOB.
public enum FieldStampsError: Error, Equatable, Sendable {
    /// The bytes are not a stamp pack of a known format.
    case corrupt
}

private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func byte() throws(FieldStampsError) -> UInt8 {
        guard offset < bytes.count else { throw .corrupt }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() throws(FieldStampsError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            result |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw .corrupt }
        }
    }

    mutating func text() throws(FieldStampsError) -> String {
        let length = Int(try varint())
        guard length >= 0, offset + length <= bytes.count else { throw .corrupt }
        defer { offset += length }
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }
}
