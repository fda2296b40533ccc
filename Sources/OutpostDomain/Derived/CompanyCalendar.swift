import Foundation
import OutpostCore

/// Day arithmetic in the company's time zone (DOMAIN.md §3.2 rule 7, R-6.1).
///
/// "N days" rules count calendar days between civil dates in the company time zone, as WK's
/// `to_days` does: 23:59 and 00:01 the next morning are one day apart; 00:01 and 23:59 the same
/// day are zero. This keeps the counts identical on every replica and on the server.
///
/// ```swift
/// let calendar = CompanyCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
/// calendar.daysBetween(lastPaidAt, now)   // date(now) − date(lastPaidAt)
/// ```
public struct CompanyCalendar: Sendable, Hashable {
    private static let millisecondsPerDay: Int64 = 86_400_000

    /// The company's time zone.
    public var timeZone: TimeZone

    /// A calendar for the given company time zone.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The civil date in the company time zone at a UTC instant in milliseconds.
    public func day(of instant: Int64) -> CivilDate {
        CivilDate(daysSince1970: dayNumber(of: instant))
    }

    /// `date(end) − date(start)` in calendar days; negative when `end` is on an earlier day.
    public func daysBetween(_ start: Int64, _ end: Int64) -> Int {
        dayNumber(of: end) - dayNumber(of: start)
    }

    /// The first 00:00 in the company time zone strictly after `instant`, UTC milliseconds
    /// (when the nightly jobs run, R-6.1).
    public func nextMidnight(after instant: Int64) -> Int64 {
        let localMidnight = Int64(dayNumber(of: instant) + 1) * Self.millisecondsPerDay
        // Local time minus the offset in force at that instant (estimated, then corrected).
        let estimate = localMidnight - offsetMilliseconds(at: localMidnight)
        return localMidnight - offsetMilliseconds(at: estimate)
    }

    // MARK: - Private

    private func offsetMilliseconds(at instant: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant) / 1000))) * 1000
    }

    private func dayNumber(of instant: Int64) -> Int {
        let local = instant + offsetMilliseconds(at: instant)
        // Floor division, so instants before 1970 land on the right day.
        let (quotient, remainder) = local.quotientAndRemainder(dividingBy: Self.millisecondsPerDay)
        return Int(remainder < 0 ? quotient - 1 : quotient)
    }
}
