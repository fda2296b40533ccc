import Foundation
import OutpostCore
import OutpostDomain

/// Instants in Asia/Shanghai (UTC+8 all year, no daylight saving), the fixtures' company zone.
enum ShanghaiTime {
    static let calendar = CompanyCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
    static let minute: Int64 = 60_000
    static let hour: Int64 = 60 * minute
    static let day: Int64 = 24 * hour

    /// UTC milliseconds of a Shanghai wall-clock time.
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int64 {
        let days = Int64(CivilDate(year: year, month: month, day: day).daysSince1970)
        return days * Self.day + Int64(hour - 8) * Self.hour + Int64(minute) * Self.minute
    }
}
