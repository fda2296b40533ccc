import Foundation
import OutpostCore
import OutpostDomain
import Testing

/// DOMAIN.md and §3.2 rule 7: calendar days in the company time zone.
@Suite struct CompanyCalendarTests {
    typealias T = ShanghaiTime

    @Test func theCivilDateFollowsTheCompanyZoneNotUTC() {
        #expect(T.calendar.day(of: T.at(2024, 3, 1, 23, 59)) == CivilDate(year: 2024, month: 3, day: 1))
        // Midnight in Shanghai is 16:00 UTC the day before.
        #expect(T.calendar.day(of: T.at(2024, 3, 2, 0, 0)) == CivilDate(year: 2024, month: 3, day: 2))
        let utc = CompanyCalendar(timeZone: TimeZone(identifier: "UTC")!)
        #expect(utc.day(of: T.at(2024, 3, 2, 0, 0)) == CivilDate(year: 2024, month: 3, day: 1))
    }

    @Test(arguments: [
        (T.at(2024, 3, 1, 23, 59), T.at(2024, 3, 2, 0, 1), 1),
        (T.at(2024, 3, 1, 0, 1), T.at(2024, 3, 1, 23, 59), 0),
        (T.at(2024, 3, 2, 0, 1), T.at(2024, 3, 1, 23, 59), -1),
        (T.at(2024, 2, 28, 12), T.at(2024, 3, 1, 12), 2),
        (T.at(2023, 2, 28, 12), T.at(2023, 3, 1, 12), 1),
        (T.at(2023, 6, 30, 12), T.at(2024, 6, 30, 12), 366),
        (T.at(2024, 6, 30, 12), T.at(2025, 6, 30, 12), 365),
    ])
    func daysBetweenCountsCalendarDays(start: Int64, end: Int64, days: Int) {
        #expect(T.calendar.daysBetween(start, end) == days)
    }

    @Test func daylightSavingDaysStillCountAsOne() throws {
        let newYork = CompanyCalendar(timeZone: try #require(TimeZone(identifier: "America/New_York")))
        let hour: Int64 = 3_600_000
        let mar10 = Int64(CivilDate(year: 2024, month: 3, day: 10).daysSince1970) * 24 * hour
        // Noon EST on 9 March is 17:00 UTC; noon EDT on 10 March is 16:00 UTC: a 23-hour day.
        #expect(newYork.daysBetween(mar10 - 24 * hour + 17 * hour, mar10 + 16 * hour) == 1)
        #expect(newYork.day(of: mar10 + 5 * hour + 30 * 60_000) == CivilDate(year: 2024, month: 3, day: 10))
        let nov4 = Int64(CivilDate(year: 2024, month: 11, day: 4).daysSince1970) * 24 * hour
        // 23:30 EST on 3 November, after the clocks fell back, is 04:30 UTC on the 4th.
        #expect(newYork.day(of: nov4 + 4 * hour + 30 * 60_000) == CivilDate(year: 2024, month: 11, day: 3))
    }

    @Test func instantsBefore1970LandOnTheRightDay() {
        let utc = CompanyCalendar(timeZone: TimeZone(identifier: "UTC")!)
        #expect(utc.day(of: -1) == CivilDate(year: 1969, month: 12, day: 31))
        #expect(utc.day(of: 0) == CivilDate(year: 1970, month: 1, day: 1))
    }

    @Test(arguments: [
        (CivilDate(year: 1970, month: 1, day: 1), 0),
        (CivilDate(year: 1969, month: 12, day: 31), -1),
        (CivilDate(year: 2000, month: 3, day: 1), 11_017),
        (CivilDate(year: 2024, month: 2, day: 29), 19_782),
    ])
    func knownDayNumbers(date: CivilDate, dayNumber: Int) {
        #expect(date.daysSince1970 == dayNumber)
        #expect(CivilDate(daysSince1970: dayNumber) == date)
    }

    @Test func dayNumbersRoundTripAcrossCenturies() {
        let mismatches = stride(from: -800_000, through: 800_000, by: 97)
            .filter { CivilDate(daysSince1970: $0).daysSince1970 != $0 }
        #expect(mismatches.isEmpty)
        #expect(CivilDate(daysSince1970: 0) < CivilDate(daysSince1970: 1))
        #expect(CivilDate(year: 2024, month: 3, day: 1).description == "2024-03-01")
    }
}
