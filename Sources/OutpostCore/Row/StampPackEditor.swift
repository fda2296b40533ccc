/// A row's stamp pack (`FieldStamps.encoded(numbering:)`, format 3) opened to set the stamps
/// of a few numbered fields and packed again, without unpacking it into `FieldStamps`: a pull
/// after the first changes a field or two of each row it brings, and turning every field's
/// device and author into strings, its name into a dictionary key, and back again was a
/// quarter of applying the page.
///
/// What `packed()` returns is byte for byte what `encoded(numbering:)` writes for the same
/// stamps, so a row's stamps pack the same whichever way they were set.
public struct StampPackEditor {
    /// One field of the pack, with its wall time made absolute again.
    private struct Entry {
        /// The field's key as packed: `number << 1 | 1`, or `nameLength << 1` for a named field.
        var key: UInt64
        /// Where a named field's name lies in `original`.
        var name: Range<Int>
        var wall: Int64
        var counter: UInt32
        /// Index into `pairs`.
        var pair: Int
        var logPosition: Int64
    }

    private let original: [UInt8]
    /// Each (device, author) pair's bytes as packed; pairs a set stamp brought come last, and
    /// a pair no field uses any more is left out of `packed()`.
    private var pairs: [ArraySlice<UInt8>]
    /// Numbered fields in number order, then named fields in name order (as the pack holds them).
    private var entries: [Entry]

    /// Opens `bytes`, or returns nil when they are in an older format (unpack those with
    /// `FieldStamps(decoding:numbering:)`).
    /// - Throws: `FieldStampsError.corrupt` when the bytes are not a stamp pack.
    public init?(_ bytes: [UInt8]) throws(FieldStampsError) {
        var reader = ByteReader(bytes: bytes)
        guard try reader.byte() == FieldStamps.currentFormat else { return nil }
        let pairCount = try reader.varint()
        guard pairCount <= UInt64(bytes.count) else { throw .corrupt }   // each pair takes bytes
        var pairs: [ArraySlice<UInt8>] = []
        pairs.reserveCapacity(Int(pairCount) + 1)
        for _ in 0..<pairCount {
            let start = reader.offset
            try reader.skipPair(format: FieldStamps.currentFormat)
            pairs.append(bytes[start..<reader.offset])
        }
        let fieldCount = try reader.varint()
        guard fieldCount <= UInt64(bytes.count) else { throw .corrupt }   // each field takes bytes
        var entries: [Entry] = []
        entries.reserveCapacity(Int(fieldCount) + 1)
        var previousWalls = [Int64](repeating: 0, count: pairs.count)
        for _ in 0..<fieldCount {
            let key = try reader.varint()
            var name = reader.offset..<reader.offset
            if key & 1 == 0 { name = try reader.skip(length: key >> 1) }
            let (encodedWall, counter, pair, logPosition) = try reader.stamp(pairCount: pairs.count)
            previousWalls[pair] &+= ByteReader.zigzagDelta(encodedWall)
            entries.append(Entry(key: key, name: name, wall: previousWalls[pair], counter: counter, pair: pair, logPosition: logPosition))
        }
        self.original = bytes
        self.pairs = pairs
        self.entries = entries
    }

    /// Sets the stamp of the field numbered `number` (its `FieldNumbering` number).
    /// - Parameter pair: `stamp`'s device and author, packed (`StampPair`).
    /// - Returns: false when the field already had this stamp (nothing changed).
    public mutating func set(_ stamp: FieldStamp, pair: StampPair, forFieldNumbered number: UInt64) -> Bool {
        let key = number << 1 | 1
        // Numbered entries come first, in key order.
        let place = entries.firstIndex { $0.key & 1 == 0 || $0.key >= key } ?? entries.count
        let existing = place < entries.count && entries[place].key == key ? entries[place] : nil
        if let existing, existing.wall == stamp.clock.wallMilliseconds, existing.counter == stamp.clock.counter,
           existing.logPosition == stamp.logPosition, pairs[existing.pair] == pair.bytes[...] {
            return false
        }
        let pairIndex = pairs.firstIndex { $0 == pair.bytes[...] } ?? {
            pairs.append(pair.bytes[...])
            return pairs.count - 1
        }()
        let entry = Entry(key: key, name: 0..<0, wall: stamp.clock.wallMilliseconds, counter: stamp.clock.counter, pair: pairIndex,
                          logPosition: stamp.logPosition)
        if existing != nil { entries[place] = entry } else { entries.insert(entry, at: place) }
        return true
    }

    /// The pack with the stamps set so far, in the current format.
    public func packed() -> [UInt8] {
        // Pairs are numbered in the order the fields meet them, as `encoded(numbering:)` does.
        var pairNumbers = [Int](repeating: -1, count: pairs.count)
        var pairOrder: [Int] = []
        var capacity = 32 + entries.count * StampPackWriter.largestField
        for entry in entries {
            capacity += entry.name.count
            guard pairNumbers[entry.pair] < 0 else { continue }
            pairNumbers[entry.pair] = pairOrder.count
            pairOrder.append(entry.pair)
            capacity += pairs[entry.pair].count
        }
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
            var writer = StampPackWriter(buffer)
            writer.byte(FieldStamps.currentFormat)
            writer.varint(UInt64(pairOrder.count))
            for pair in pairOrder {
                for byte in pairs[pair] { writer.byte(byte) }
            }
            writer.varint(UInt64(entries.count))
            var previousWalls = [Int64](repeating: 0, count: pairOrder.count)
            for entry in entries {
                writer.varint(entry.key)
                for byte in original[entry.name] { writer.byte(byte) }
                let pair = pairNumbers[entry.pair]
                writer.stamp(wall: entry.wall, after: previousWalls[pair], counter: entry.counter, pair: pair, logPosition: entry.logPosition)
                previousWalls[pair] = entry.wall
            }
            initializedCount = writer.count
        }
    }
}

/// A stamp's device and author as a stamp pack holds them, packed once for the many stamps of
/// a pull page that share them.
public struct StampPair: Hashable, Sendable {
    /// The packed bytes: see `FieldStamps` for the layout.
    let bytes: [UInt8]

    /// Packs `device` and `author`.
    public init(device: DeviceID, author: UserID) {
        let capacity = 1 + 10 + device.rawValue.utf8.count + 10 + author.rawValue.utf8.count
        bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
            var writer = StampPackWriter(buffer)
            writer.pair(device: device.rawValue, author: author.rawValue)
            initializedCount = writer.count
        }
    }
}
