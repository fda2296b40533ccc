/// A hybrid logical clock reading: wall-clock milliseconds, a logical counter, and the
/// writing device as the final tie-break, so the order is total and the same everywhere.
///
/// On the wire and in the journal it is the compact text `"<wall>.<counter>@<device>"`,
/// for example `"1764038400000.2@w1"`.
public struct HLCTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch, as the writing device (or the clamp) saw them.
    public var wallMilliseconds: Int64
    /// Orders events within one millisecond, and events that arrive with an older wall time.
    public var counter: UInt32
    /// The device that issued this reading; breaks ties between otherwise equal readings.
    public var deviceID: DeviceID

    /// Creates a reading from its three parts.
    public init(wallMilliseconds: Int64, counter: UInt32, deviceID: DeviceID) {
        self.wallMilliseconds = wallMilliseconds
        self.counter = counter
        self.deviceID = deviceID
    }

    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool {
        if lhs.wallMilliseconds != rhs.wallMilliseconds { return lhs.wallMilliseconds < rhs.wallMilliseconds }
        if lhs.counter != rhs.counter { return lhs.counter < rhs.counter }
        return lhs.deviceID < rhs.deviceID
    }

    /// The smallest reading of `device` above this one. A full counter moves on to the next
    /// millisecond, so a hostile clock with the largest counter cannot make a device overflow.
    public func successor(on device: DeviceID) -> HLCTimestamp {
        counter == .max
            ? HLCTimestamp(wallMilliseconds: wallMilliseconds + 1, counter: 0, deviceID: device)
            : HLCTimestamp(wallMilliseconds: wallMilliseconds, counter: counter + 1, deviceID: device)
    }

    /// The compact text form, `"<wall>.<counter>@<device>"`.
    public var description: String { "\(wallMilliseconds).\(counter)@\(deviceID.rawValue)" }

    /// Parses the compact text form; returns nil when the text is not a clock.
    public init?(_ text: some StringProtocol) {
        // Every clock a peer sends is ASCII: read its bytes (pages carry one clock per field).
        var copy = String(text)
        if let parsed = copy.withUTF8({ Self.parseASCII($0) }) {
            self = parsed
            return
        }
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return nil }   // ASCII, and not a clock
        guard let at = text.firstIndex(of: "@") else { return nil }
        let device = text[text.index(after: at)...]
        let numbers = text[..<at].split(separator: ".", omittingEmptySubsequences: false)
        // Digits only: one clock has exactly one text form ("+17" or "017" are refused).
        let isCanonical = numbers.count == 2 && numbers.allSatisfy { part in
            !part.isEmpty && part.allSatisfy(\.isASCIIDigit) && (part == "0" || part.first != "0")
        }
        guard isCanonical, !device.isEmpty,
              let wall = Int64(numbers[0]), wall >= 0,
              let counter = UInt32(numbers[1]) else { return nil }
        self.init(wallMilliseconds: wall, counter: counter, deviceID: DeviceID(String(device)))
    }
}

extension HLCTimestamp {
    /// The compact form read from ASCII bytes: canonical digits (no sign, no leading zero),
    /// one dot, one `@`, a non-empty device. Nil for anything else, including non-ASCII text
    /// (which the `Character` path of `init?(_:)` judges).
    private static func parseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> HLCTimestamp? {
        var wall: Int64 = 0
        var counter: UInt32 = 0
        var digits = 0
        var firstDigit: UInt8 = 0
        var part = 0   // 0: wall, 1: counter
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x80 { return nil }
            if byte == UInt8(ascii: "@") { break }
            if byte == UInt8(ascii: ".") {
                guard part == 0, digits > 0, digits == 1 || firstDigit != UInt8(ascii: "0") else { return nil }
                part = 1
                digits = 0
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let digit = byte - UInt8(ascii: "0")
                if digits == 0 { firstDigit = byte }
                digits += 1
                if part == 0 {
                    let (times, overflow1) = wall.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
                    guard !overflow1, !overflow2 else { return nil }
                    wall = sum
                } else {
                    let (times, overflow1) = counter.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(UInt32(digit))
                    guard !overflow1, !overflow2 else { return nil }
                    counter = sum
                }
            }
            index = bytes.index(after: index)
        }
        guard index != bytes.endIndex, part == 1, digits > 0, digits == 1 || firstDigit != UInt8(ascii: "0") else { return nil }
        let deviceBytes = UnsafeBufferPointer(rebasing: bytes[bytes.index(after: index)...])
        guard !deviceBytes.isEmpty, !deviceBytes.contains(where: { $0 >= 0x80 }) else { return nil }
        return HLCTimestamp(wallMilliseconds: wall, counter: counter, deviceID: DeviceID(String(decoding: deviceBytes, as: UTF8.self)))
    }
}

extension HLCTimestamp: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let clock = HLCTimestamp(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a clock; expected \"<wall ms>.<counter>@<device id>\"."
            )
        }
        self = clock
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0–9.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
