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

    /// Whether the row counts as deleted: its tombstone says so and no person wrote another
    /// field after the tombstone. A later edit therefore revives the row, and an earlier
    /// concurrent edit stays beneath the tombstone, so an undelete restores the latest values.
    /// What the server derives by itself (authored by `UserID.system`: a follow-up's
    /// `last_followup_at`, a score) never brings a row back, whether it was written before or
    /// after a concurrent delete arrived (DOMAIN §3.2 rule 6).
    public func isDeleted(tombstoneValue: Bool) -> Bool {
        guard tombstoneValue, let tombstone = byField[.deleted] else { return false }
        return byField.allSatisfy { name, stamp in name == .deleted || stamp.clock < tombstone.clock || stamp.author == .system }
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
        Self.packed(byField.lazy.map { ($0.key, $0.value) }, count: byField.count, numbering: numbering)
    }

    /// The bytes `encoded(numbering:)` makes of stamps holding `stamps` (each field once),
    /// without building the dictionary first (`StampPacker`).
    /// - Parameter count: how many stamps `stamps` holds.
    public static func packed(_ stamps: some Sequence<(FieldName, FieldStamp)>, count: Int, numbering: FieldNumbering = .none) -> [UInt8] {
        var packer = StampPacker(reservingCapacity: count)
        for (name, stamp) in stamps {
            if let number = numbering.number(of: name) {
                packer.add(stamp, number: number)
            } else {
                packer.add(stamp, name: name)
            }
        }
        return packer.packed()
    }

    /// Unpacks bytes made by `encoded(numbering:)`, in any format written so far.
    /// - Parameter numbering: the numbering the bytes were encoded with.
    /// - Throws: `FieldStampsError.corrupt` when the bytes are not a stamp pack, or name a
    ///   field by a number the numbering does not have.
    public init(decoding bytes: [UInt8], numbering: FieldNumbering = .none) throws(FieldStampsError) {
        try self.init(decoding: bytes, numbering: numbering, writtenAfter: .min)
    }

    /// Unpacks the stamps of the fields written after change-log position `since` from bytes
    /// made by `encoded(numbering:)`: what a pull page delivers of a row, which is a field or
    /// two after the first pull. The others are stepped over without reading their names or
    /// their (device, author) pairs.
    /// - Throws: as `init(decoding:numbering:)`.
    public init(decoding bytes: [UInt8], numbering: FieldNumbering, writtenAfter since: Int64) throws(FieldStampsError) {
        var byField: [FieldName: FieldStamp] = [:]
        try Self.visit(bytes, writtenAfter: since, expecting: { fieldCount in
            // A whole read keeps every field; a later pull's read a field or two, for which room
            // for all of them was an eighth of building its page.
            if since == .min { byField.reserveCapacity(fieldCount) }
        }) { (key, stamp) throws(FieldStampsError) in
            switch key {
            case .numbered(let number):
                guard let name = numbering.field(numbered: number) else { throw .corrupt }
                byField[name] = stamp
            case .spelled(let name):
                byField[name] = stamp
            }
        }
        self.byField = byField
    }

    /// How a stamp pack names a field: by its `FieldNumbering` number, or spelled out.
    public enum PackedKey: Sendable {
        /// The field's number in the file's numbering.
        case numbered(UInt64)
        /// A field the numbering has no number for.
        case spelled(FieldName)
    }

    /// Walks the fields of a stamp pack written after change-log position `since`, in the
    /// pack's order, handing `body` each one's key and stamp, without building a dictionary:
    /// what writing a pull page straight from the stored row needs.
    /// - Parameter expecting: told how many fields the pack holds, before the first.
    /// - Throws: `FieldStampsError.corrupt` when the bytes are not a stamp pack; what `body` throws.
    public static func visit(_ bytes: [UInt8], writtenAfter since: Int64, expecting: (Int) -> Void = { _ in },
                             _ body: (PackedKey, FieldStamp) throws(FieldStampsError) -> Void) throws(FieldStampsError) {
        var reader = ByteReader(bytes: bytes)
        let format = try reader.byte()
        guard (1...Self.currentFormat).contains(format) else { throw .corrupt }
        let pairCount = try reader.varint()
        guard pairCount <= UInt64(bytes.count) else { throw .corrupt }   // each pair takes bytes
        // Where each pair starts; a pair is read into strings when a kept field first uses it.
        var pairOffsets: [Int] = []
        pairOffsets.reserveCapacity(Int(pairCount))
        for _ in 0..<pairCount {
            pairOffsets.append(reader.offset)
            try reader.skipPair(format: format)
        }
        var pairs = [(DeviceID, UserID)?](repeating: nil, count: pairOffsets.count)
        let fieldCount = try reader.varint()
        guard fieldCount <= UInt64(bytes.count) else { throw .corrupt }   // each field takes bytes
        expecting(Int(fieldCount))
        var previousWall: Int64 = 0
        var previousWalls = Array(repeating: Int64(0), count: pairOffsets.count)
        for _ in 0..<fieldCount {
            var number: UInt64?
            var spelled = reader.offset..<reader.offset
            if format == 3 {
                let key = try reader.varint()
                if key & 1 == 1 {
                    number = key >> 1
                } else {
                    spelled = try reader.skip(length: key >> 1)
                }
            } else {
                spelled = try reader.skip(length: try reader.varint())
            }
            let (encodedWall, counter, pairIndex, logPosition) = try reader.stamp(pairCount: pairOffsets.count)
            let delta = ByteReader.zigzagDelta(encodedWall)
            let wall: Int64
            switch format {
            case 1: wall = Int64(bitPattern: encodedWall)
            case 2: wall = previousWall &+ delta
            default: wall = previousWalls[pairIndex] &+ delta
            }
            previousWall = wall
            previousWalls[pairIndex] = wall
            guard logPosition > since else { continue }
            if pairs[pairIndex] == nil {
                var pairReader = ByteReader(bytes: bytes, offset: pairOffsets[pairIndex])
                pairs[pairIndex] = try pairReader.pair(format: format)
            }
            guard let (device, author) = pairs[pairIndex] else { throw .corrupt }
            let key: PackedKey = if let number { .numbered(number) } else { .spelled(FieldName(String(decoding: bytes[spelled], as: UTF8.self))) }
            try body(key, FieldStamp(clock: HLCTimestamp(wallMilliseconds: wall, counter: counter, deviceID: device),
                                     author: author, logPosition: logPosition))
        }
    }

    /// The format `encoded(numbering:)` writes.
    static let currentFormat: UInt8 = 3

}

/// The error of unpacking a damaged stamp BLOB.
public enum FieldStampsError: Error, Equatable, Sendable {
    /// The bytes are not a stamp pack of a known format.
    case corrupt
}

/// Reads a stamp pack (also for `StampPackEditor`).
struct ByteReader {
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

    /// What follows a field's key (`StampPackWriter.stamp`): the wall as packed (absolute in
    /// format 1, a zigzag delta since), the counter, the pair's number (checked against
    /// `pairCount`) and the log position.
    mutating func stamp(pairCount: Int) throws(FieldStampsError) -> (encodedWall: UInt64, counter: UInt32, pair: Int, logPosition: Int64) {
        let encodedWall = try varint()
        let counter = UInt32(truncatingIfNeeded: try varint())
        let pair = try varint()
        let logPosition = Int64(bitPattern: try varint())
        guard pair < UInt64(pairCount) else { throw .corrupt }
        return (encodedWall, counter, Int(pair), logPosition)
    }

    /// The signed difference a zigzag-encoded wall stands for.
    static func zigzagDelta(_ encodedWall: UInt64) -> Int64 {
        Int64(bitPattern: encodedWall >> 1) ^ -Int64(bitPattern: encodedWall & 1)
    }

    /// Steps over a (device, author) pair as `format` writes it, without reading its text.
    mutating func skipPair(format: UInt8) throws(FieldStampsError) {
        if format == 1 {
            _ = try skip(length: try varint())
            _ = try skip(length: try varint())
            return
        }
        switch try byte() {
        case 0:
            try skipText()
        case 1:
            guard offset + 16 <= bytes.count else { throw .corrupt }
            offset += 16
        case 2 where format >= 3:
            return
        default:
            throw .corrupt
        }
        try skipText()
    }

    mutating func text() throws(FieldStampsError) -> String {
        try text(length: try varint())
    }

    private mutating func skipText() throws(FieldStampsError) {
        _ = try skip(length: try varint())
    }

    /// Steps over `length` bytes.
    /// - Returns: where they lie.
    mutating func skip(length encodedLength: UInt64) throws(FieldStampsError) -> Range<Int> {
        guard encodedLength <= UInt64(bytes.count - offset) else { throw .corrupt }
        defer { offset += Int(encodedLength) }
        return offset..<offset + Int(encodedLength)
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
