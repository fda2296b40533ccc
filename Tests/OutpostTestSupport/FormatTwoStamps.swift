import OutpostCore

/// Packs stamps in `FieldStamps` format 2, as files written before format 3 hold them
/// (field names spelled out, wall times as deltas from the previous field in name order,
/// devices always as text), so tests can check such files still read.
public enum FormatTwoStamps {
    /// The format-2 bytes of `stamps`.
    public static func encoded(_ stamps: FieldStamps) -> [UInt8] {
        let fields = stamps.byField.sorted { $0.key < $1.key }
        var pairs: [(device: String, author: String)] = []
        var bytes: [UInt8] = [2]
        var fieldBytes: [UInt8] = []
        var previousWall: Int64 = 0
        for (name, stamp) in fields {
            let pair = (device: stamp.clock.deviceID.rawValue, author: stamp.author.rawValue)
            let pairIndex = pairs.firstIndex { $0 == pair } ?? pairs.count
            if pairIndex == pairs.count { pairs.append(pair) }
            appendText(name.rawValue, to: &fieldBytes)
            let delta = stamp.clock.wallMilliseconds &- previousWall
            appendVarint(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)), to: &fieldBytes)
            previousWall = stamp.clock.wallMilliseconds
            appendVarint(UInt64(stamp.clock.counter), to: &fieldBytes)
            appendVarint(UInt64(pairIndex), to: &fieldBytes)
            appendVarint(UInt64(bitPattern: stamp.logPosition), to: &fieldBytes)
        }
        appendVarint(UInt64(pairs.count), to: &bytes)
        for pair in pairs {
            bytes.append(0)   // the device as text
            appendText(pair.device, to: &bytes)
            appendText(pair.author, to: &bytes)
        }
        appendVarint(UInt64(fields.count), to: &bytes)
        return bytes + fieldBytes
    }

    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private static func appendText(_ text: String, to bytes: inout [UInt8]) {
        appendVarint(UInt64(text.utf8.count), to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }
}
