/// Builds time-ordered UUIDv7 identifiers (RFC 9562) from a given time and a random source.
///
/// Pure: the caller passes the wall-clock reading, so ids made in tests are reproducible.
/// Time-ordered keys keep SQLite's B-trees append-mostly, which matters for bulk loads.
public enum UUIDv7 {
    /// Returns a lowercase UUIDv7 string whose first 48 bits are `wallMilliseconds`.
    public static func make(wallMilliseconds: Int64, using generator: inout some RandomNumberGenerator) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let milliseconds = UInt64(max(0, wallMilliseconds))
        for index in 0..<6 {
            bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index)))
        }
        for index in 6..<16 {
            bytes[index] = UInt8.random(in: 0...255, using: &generator)
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x70   // version 7
        bytes[8] = (bytes[8] & 0x3F) | 0x80   // RFC 9562 variant
        let hex = bytes.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-"
            + hex[8..<10].joined() + "-" + hex[10..<16].joined()
    }

    /// Returns the `counter`-th of a run of UUIDv7 strings made at `wallMilliseconds`: ids of
    /// one run sort in counter order (RFC 9562 §6.2 method 1: a 12-bit counter in `rand_a`,
    /// carried into the millisecond field past 4,095), the rest of the bits random.
    public static func make(wallMilliseconds: Int64, counter: UInt64, using generator: inout some RandomNumberGenerator) -> String {
        let random = make(wallMilliseconds: wallMilliseconds + Int64(counter / 4_096), using: &generator)
        var hex = Array(random)
        // "xxxxxxxx-xxxx-7aaa-…": the three hex digits after the version digit are rand_a.
        let digits = Array("0123456789abcdef")
        let value = Int(counter % 4_096)
        hex[15] = digits[value >> 8]
        hex[16] = digits[(value >> 4) & 0x0F]
        hex[17] = digits[value & 0x0F]
        return String(hex)
    }

    /// Makes a row id from a wall-clock reading and the system's random generator.
    public static func makeRowID(wallMilliseconds: Int64) -> RowID {
        var generator = SystemRandomNumberGenerator()
        return RowID(make(wallMilliseconds: wallMilliseconds, using: &generator))
    }
}
