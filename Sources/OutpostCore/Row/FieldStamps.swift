/// The stamps of every written field of one row, packed into one compact BLOB that sits in
/// the row itself (DESIGN "Replica layout": a side table of (row, field) clocks costs 5× the
/// insert rate and 3× the file size).
///
/// Layout (all integers are unsigned LEB128 varints):
/// `format(=3) · pairCount · (device authorLength author)* ·
///  fieldCount · (key [name] wallDelta counter pairIndex logPosition)*`,
/// where `device` is `0 · length · text`, or `1` and 16 bytes for an id in the canonical
/// lowercase UUID form laptops use (16 bytes instead of 37), or `2` for the server's own pair
/// (`DeviceID.server` and `UserID.system`, in nearly every row), which then has no `author`.
/// Device and author pairs are stored once per row, since one row is usually written by
/// one or two devices. A field is named by its `FieldNumbering` number (`key` is
/// `number << 1 | 1`: one byte where the name took ten to twenty) or, when the numbering has
/// none for it, spelled out (`key` is `nameLength << 1`, then the name). Numbered fields come
/// first in number order, then the others in name order (readers take any order), and
/// `wallDelta` is the zigzag-encoded difference from the wall time of the
/// previous field written by the same pair (from 0 for the pair's first field): a pair's
/// fields are mostly written together, so most deltas take one byte instead of six.
/// Formats 1 (names, absolute wall times) and 2 (names, deltas from the previous field) are
/// still read.
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

    /// These stamps with every log position `placeholder` replaced by `position` (a server
    /// stamps a push's writes with a placeholder until it takes the row's log position).
    public func settlingLogPositions(_ placeholder: Int64, at position: Int64) -> FieldStamps {
        // One pass that keeps the dictionary's layout: no lookup or rehash per field.
        FieldStamps(byField.mapValues { stamp in
            guard stamp.logPosition == placeholder else { return stamp }
            var settled = stamp
            settled.logPosition = position
            return settled
        })
    }

    /// The packed bytes, in the current format.
    /// - Parameter numbering: the numbers that stand for field names (`.none`: every name
    ///   spelled out); decoding needs the same numbering.
    public func encoded(numbering: FieldNumbering = .none) -> [UInt8] {
        // Every row written is packed here, so the fields are ordered without a comparison
        // closure: numbered fields (nearly all of a row's) as `number << 32 | place` keys sorted
        // as plain integers (field numbers are column positions, far below 2^32), then the
        // others by name. `place` is the field's place in dictionary order.
        let places = Array(byField.indices)
        var numberedKeys: [UInt64] = []
        numberedKeys.reserveCapacity(places.count)
        var namedPlaces: [Int] = []
        for (place, index) in places.enumerated() {
            if let number = numbering.number(of: byField.keys[index]) {
                numberedKeys.append(number << 32 | UInt64(place))
            } else {
                namedPlaces.append(place)
            }
        }
        numberedKeys.sort()
        namedPlaces.sort { byField.keys[places[$0]] < byField.keys[places[$1]] }
        let order = numberedKeys.map { Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF) } + namedPlaces

        // A row has one or two (device, author) pairs: a linear search beats hashing them.
        var pairs: [(device: String, author: String)] = []
        var pairIndexes: [Int] = []
        pairIndexes.reserveCapacity(order.count)
        var capacity = 32   // format, counts
        for place in order {
            let stamp = byField.values[places[place]]
            let device = stamp.clock.deviceID.rawValue
            let author = stamp.author.rawValue
            if let pairIndex = pairs.firstIndex(where: { $0.device == device && $0.author == author }) {
                pairIndexes.append(pairIndex)
            } else {
                pairIndexes.append(pairs.count)
                pairs.append((device, author))
                capacity += 22 + device.utf8.count + author.utf8.count
            }
            capacity += StampPackWriter.largestField + (byField.keys[places[place]].rawValue.utf8.count)
        }
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
            var writer = StampPackWriter(buffer)
            writer.byte(Self.currentFormat)
            writer.varint(UInt64(pairs.count))
            for pair in pairs {
                if pair.device == DeviceID.server.rawValue && pair.author == UserID.system.rawValue {
                    writer.byte(2)
                } else {
                    writer.device(pair.device)
                    writer.text(pair.author)
                }
            }
            writer.varint(UInt64(order.count))
            var previousWalls = [Int64](repeating: 0, count: pairs.count)
            for (position, place) in order.enumerated() {
                let index = places[place]
                let stamp = byField.values[index]
                let pairIndex = pairIndexes[position]
                if position < numberedKeys.count {
                    writer.varint((numberedKeys[position] >> 32) << 1 | 1)
                } else {
                    let name = byField.keys[index].rawValue
                    writer.varint(UInt64(name.utf8.count) << 1)
                    writer.utf8(name)
                }
                let delta = stamp.clock.wallMilliseconds &- previousWalls[pairIndex]
                writer.varint(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)))   // zigzag
                previousWalls[pairIndex] = stamp.clock.wallMilliseconds
                writer.varint(UInt64(stamp.clock.counter))
                writer.varint(UInt64(pairIndex))
                writer.varint(UInt64(bitPattern: stamp.logPosition))
            }
            initializedCount = writer.count
        }
    }

    /// Unpacks bytes made by `encoded(numbering:)`, in any format written so far.
    /// - Parameter numbering: the numbering the bytes were encoded with.
    /// - Throws: `FieldStampsError.corrupt` when the bytes are not a stamp pack, or name a
    ///   field by a number the numbering does not have.
    public init(decoding bytes: [UInt8], numbering: FieldNumbering = .none) throws(FieldStampsError) {
        var reader = ByteReader(bytes: bytes)
        let format = try reader.byte()
        guard (1...Self.currentFormat).contains(format) else { throw .corrupt }
        let pairCount = try reader.varint()
        guard pairCount <= UInt64(bytes.count) else { throw .corrupt }   // each pair takes bytes
        var pairs: [(DeviceID, UserID)] = []
        for _ in 0..<pairCount {
            pairs.append(try reader.pair(format: format))
        }
        let fieldCount = try reader.varint()
        guard fieldCount <= UInt64(bytes.count) else { throw .corrupt }   // each field takes bytes
        var byField: [FieldName: FieldStamp] = [:]
        byField.reserveCapacity(Int(fieldCount))
        var previousWall: Int64 = 0
        var previousWalls = Array(repeating: Int64(0), count: pairs.count)
        for _ in 0..<fieldCount {
            let name: FieldName
            if format == 3 {
                let key = try reader.varint()
                if key & 1 == 1 {
                    guard let numbered = numbering.field(numbered: key >> 1) else { throw .corrupt }
                    name = numbered
                } else {
                    name = FieldName(try reader.text(length: key >> 1))
                }
            } else {
                name = FieldName(try reader.text())
            }
            let encodedWall = try reader.varint()
            let counter = UInt32(truncatingIfNeeded: try reader.varint())
            let pairIndex = Int(try reader.varint())
            let logPosition = Int64(bitPattern: try reader.varint())
            guard pairIndex < pairs.count else { throw .corrupt }
            let delta = Int64(bitPattern: encodedWall >> 1) ^ -Int64(bitPattern: encodedWall & 1)   // zigzag
            let wall: Int64
            switch format {
            case 1: wall = Int64(bitPattern: encodedWall)
            case 2: wall = previousWall &+ delta
            default: wall = previousWalls[pairIndex] &+ delta
            }
            previousWall = wall
            previousWalls[pairIndex] = wall
            let (device, author) = pairs[pairIndex]
            byField[name] = FieldStamp(
                clock: HLCTimestamp(wallMilliseconds: wall, counter: counter, deviceID: device),
                author: author, logPosition: logPosition)
        }
        self.byField = byField
    }

    /// The format `encoded(numbering:)` writes.
    static let currentFormat: UInt8 = 3

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

    /// A (device, author) pair as `format` writes it.
    mutating func pair(format: UInt8) throws(FieldStampsError) -> (DeviceID, UserID) {
        if format == 1 { return (DeviceID(try text()), UserID(try text())) }
        switch try byte() {
        case 0:
            return (DeviceID(try text()), UserID(try text()))
        case 1:
            guard offset + 16 <= bytes.count else { throw .corrupt }
            let device = UUIDBytes.unpack(bytes[offset..<offset + 16])
            offset += 16
            return (DeviceID(device), UserID(try text()))
        case 2 where format >= 3:
            return (.server, .system)
        default:
            throw .corrupt
        }
    }

    mutating func text() throws(FieldStampsError) -> String {
        try text(length: try varint())
    }

    mutating func text(length encodedLength: UInt64) throws(FieldStampsError) -> String {
        guard encodedLength <= UInt64(bytes.count - offset) else { throw .corrupt }
        let length = Int(encodedLength)
        defer { offset += length }
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }
}

/// A device id packed by `StampPackWriter.device(_:)`, as 16 bytes.
private enum UUIDBytes {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The canonical lowercase text (`8-4-4-4-12` hex digits) of 16 packed bytes.
    static func unpack(_ bytes: ArraySlice<UInt8>) -> String {
        String(unsafeUninitializedCapacity: 36) { text in
            var written = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[written] = UInt8(ascii: "-")
                    written += 1
                }
                text[written] = hexDigits[Int(byte >> 4)]
                text[written + 1] = hexDigits[Int(byte & 0x0F)]
                written += 2
            }
            return written
        }
    }
}
