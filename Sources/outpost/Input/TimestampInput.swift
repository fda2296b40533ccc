import Foundation
import OutpostCore

/// Reads an instant as people type it: `now`, a time from now (`+7d`, `+12h`, `+30m`),
/// milliseconds since 1970 (`1788228000000`), or ISO-8601 with or without seconds and zone
/// (`2026-09-01T10:00+08:00`, `2026-09-01 10:00`, `2026-09-01`). Without a zone the text is a
/// wall time in `timeZone` (the laptop's).
enum TimestampInput {
    /// The instant in ms since 1970, or nil when the text is none of the accepted forms or
    /// names a day or time that does not exist (2026-02-30, 24:00).
    static func milliseconds(from text: String, now: Int64, timeZone: TimeZone) -> Int64? {
        // Full-width digits, colons and dashes (１０：００) read as their ASCII forms, as in phone numbers.
        let trimmed = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "now" { return now }
        if let relative = trimmed.wholeMatch(of: /^\+(\d{1,4})([dhm])$/.asciiOnlyDigits()), let count = Int64(relative.1) {
            let unit: Int64 = switch relative.2 { case "d": 86_400_000; case "h": 3_600_000; default: 60_000 }
            return now + count * unit
        }
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCIIDigit) { return Int64(trimmed) }
        let pattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/
        guard let match = trimmed.wholeMatch(of: pattern.asciiOnlyDigits()) else { return nil }
        func number(_ digits: Substring?) -> Int? { digits.map { Int($0) } ?? 0 }
        guard let hour = number(match.4), let minute = number(match.5), let second = number(match.6),
              let fraction = number(match.7.map { Substring($0.padding(toLength: 3, withPad: "0", startingAt: 0)) }),
              let date = CivilDate("\(match.1)-\(match.2)-\(match.3)"),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let wallSeconds = Int64(date.daysSince1970) * 86_400
            + Int64(hour * 3_600 + minute * 60 + second)
        let offsetSeconds: Int64
        if let zone = match.8 {
            guard let offset = zoneOffset(of: String(zone)) else { return nil }
            offsetSeconds = offset
        } else {
            // The offset in force at that wall time: look it up near the instant, then again at it.
            let guess = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wallSeconds))))
            offsetSeconds = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wallSeconds - guess))))
        }
        return (wallSeconds - offsetSeconds) * 1_000 + Int64(fraction)
    }

    // MARK: - Private

    /// `Z`, `+08`, `+0800` or `+08:00` in seconds east of UTC.
    private static func zoneOffset(of zone: String) -> Int64? {
        if zone == "Z" || zone == "z" { return 0 }
        let sign: Int64 = zone.hasPrefix("-") ? -1 : 1
        let digits = zone.dropFirst().filter(\.isASCIIDigit)
        guard let hours = Int64(digits.prefix(2)), hours <= 23 else { return nil }
        let minutes = digits.count > 2 ? Int64(digits.dropFirst(2)) ?? 99 : 0
        guard minutes <= 59 else { return nil }
        return sign * (hours * 3_600 + minutes * 60)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
