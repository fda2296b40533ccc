/// Writes a stamp pack (`FieldStamps.encoded(numbering:)`) into memory sized beforehand:
/// every row written is packed, and appending to an array checked its capacity and
/// uniqueness for every byte.
struct StampPackWriter {
    /// The most bytes one field takes besides its name: key, wall delta, counter, pair and
    /// log position as varints.
    static let largestField = 10 + 10 + 5 + 10 + 10

    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// The bytes written so far.
    private(set) var count = 0

    /// A writer into `buffer`, which the caller sized for everything it writes.
    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    mutating func byte(_ value: UInt8) {
        precondition(count < buffer.count, "stamp pack larger than its estimate")
        buffer[count] = value
        count += 1
    }

    /// An unsigned LEB128 varint.
    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            byte(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        byte(UInt8(value))
    }

    /// The UTF-8 bytes of `text`, without a length.
    mutating func utf8(_ text: String) {
        for value in text.utf8 { byte(value) }
    }

    /// `text`'s length as a varint, then its UTF-8 bytes.
    mutating func text(_ text: String) {
        varint(UInt64(text.utf8.count))
        utf8(text)
    }

    /// A device id: `1` and 16 bytes when it is a lowercase canonical UUID (the form laptops
    /// use), else `0` and its text, so every id reads back exactly as written.
    mutating func device(_ device: String) {
        if !packUUID(device) {
            byte(0)
            text(device)
        }
    }

    /// A (device, author) pair: `2` alone for the server's own pair (`DeviceID.server` and
    /// `UserID.system`), else the device and the author's text.
    mutating func pair(device: String, author: String) {
        if device == DeviceID.server.rawValue && author == UserID.system.rawValue {
            byte(2)
        } else {
            self.device(device)
            text(author)
        }
    }

    /// What follows a field's key: its wall time as the zigzag difference from `previousWall`
    /// (the last wall written for the same pair), its counter, its pair's number and its log
    /// position.
    mutating func stamp(wall: Int64, after previousWall: Int64, counter: UInt32, pair: Int, logPosition: Int64) {
        let delta = wall &- previousWall
        varint(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)))   // zigzag
        varint(UInt64(counter))
        varint(UInt64(pair))
        varint(UInt64(bitPattern: logPosition))
    }

    // MARK: - Private

    /// Writes `1` and the 16 bytes of `text` when it is exactly a lowercase canonical UUID
    /// (`8-4-4-4-12` hex digits); writes nothing and returns false otherwise.
    private mutating func packUUID(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 36 else { return false }
        var packed: (UInt64, UInt64) = (0, 0)
        var nibbles = 0
        for (offset, value) in utf8.enumerated() {
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                guard value == UInt8(ascii: "-") else { return false }
                continue
            }
            let nibble: UInt64
            switch value {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt64(value &- UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = UInt64(value &- UInt8(ascii: "a") &+ 10)
            default: return false
            }
            if nibbles < 16 { packed.0 = packed.0 << 4 | nibble } else { packed.1 = packed.1 << 4 | nibble }
            nibbles += 1
        }
        byte(1)
        bigEndian(packed.0)
        bigEndian(packed.1)
        return true
    }

    private mutating func bigEndian(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { byte(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
