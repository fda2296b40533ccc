/// Packs a row's stamps into `FieldStamps`' current format one field at a time, without the
/// stamps dictionary: every row written is packed here (a pulled row new to the replica, a
/// server's row write), and a caller that already knows each field's number (a table's
/// column lookup) hands it over instead of having the numbering look the name up again.
///
/// One pass takes what the pack needs of each field without its strings and finds its
/// (device, author) pair (a row has one or two: a linear search beats hashing them). Numbered
/// fields (nearly all of a row's) are then ordered as plain integer keys
/// `number << 32 | entry` (field numbers are column positions, far below 2^32), the others by
/// name. Equal stamps pack to equal bytes, in whatever order they were added.
public struct StampPacker {
    private var entries: [PackEntry] = []
    private var numberedKeys: [UInt64] = []
    private var named: [(name: FieldName, entry: Int)] = []
    private var pairs: [(device: String, author: String)] = []
    private var capacity = 32   // format, counts

    /// An empty packer with room for `count` fields.
    public init(reservingCapacity count: Int) {
        entries.reserveCapacity(count)
        numberedKeys.reserveCapacity(count)
    }

    /// Adds the stamp of the field numbered `number` (`FieldNumbering`).
    public mutating func add(_ stamp: FieldStamp, number: UInt64) {
        numberedKeys.append(number << 32 | UInt64(entries.count))
        capacity += StampPackWriter.largestField
        append(stamp)
    }

    /// Adds the stamp of the field `name`, which the numbering has no number for.
    public mutating func add(_ stamp: FieldStamp, name: FieldName) {
        named.append((name, entries.count))
        capacity += StampPackWriter.largestField + name.rawValue.utf8.count
        append(stamp)
    }

    /// The packed bytes of the stamps added (each field once).
    public func packed() -> [UInt8] {
        let numberedKeys = numberedKeys.sorted()
        let named = named.sorted { $0.name < $1.name }
        // Pairs are numbered in the order the sorted fields meet them, so equal stamps always
        // pack to equal bytes, whatever order they came in.
        var pairNumbers = [Int](repeating: -1, count: pairs.count)
        var pairOrder: [Int] = []
        pairOrder.reserveCapacity(pairs.count)
        for entry in numberedKeys.lazy.map({ Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }) + named.map(\.entry)
        where pairNumbers[entries[entry].pair] < 0 {
            pairNumbers[entries[entry].pair] = pairOrder.count
            pairOrder.append(entries[entry].pair)
        }
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
            var writer = StampPackWriter(buffer)
            writer.byte(FieldStamps.currentFormat)
            writer.varint(UInt64(pairs.count))
            for pair in pairOrder.map({ pairs[$0] }) {
                writer.pair(device: pair.device, author: pair.author)
            }
            writer.varint(UInt64(entries.count))
            var previousWalls = [Int64](repeating: 0, count: pairs.count)
            func write(_ entry: PackEntry) {
                let pair = pairNumbers[entry.pair]
                writer.stamp(wall: entry.wall, after: previousWalls[pair], counter: entry.counter, pair: pair, logPosition: entry.logPosition)
                previousWalls[pair] = entry.wall
            }
            for key in numberedKeys {
                writer.varint((key >> 32) << 1 | 1)
                write(entries[Int(truncatingIfNeeded: key & 0xFFFF_FFFF)])
            }
            for (name, entry) in named {
                writer.varint(UInt64(name.rawValue.utf8.count) << 1)
                writer.utf8(name.rawValue)
                write(entries[entry])
            }
            initializedCount = writer.count
        }
    }

    // MARK: - Private

    private mutating func append(_ stamp: FieldStamp) {
        let device = stamp.clock.deviceID.rawValue
        let author = stamp.author.rawValue
        var pair = pairs.firstIndex { $0.device == device && $0.author == author } ?? -1
        if pair < 0 {
            pair = pairs.count
            pairs.append((device, author))
            capacity += 22 + device.utf8.count + author.utf8.count
        }
        entries.append(PackEntry(wall: stamp.clock.wallMilliseconds, counter: stamp.clock.counter, pair: pair,
                                 logPosition: stamp.logPosition))
    }
}

/// What the pack writes of one field besides its key: its stamp without the strings.
private struct PackEntry {
    var wall: Int64
    var counter: UInt32
    /// The field's pair, in the order the packer met them.
    var pair: Int
    var logPosition: Int64
}
