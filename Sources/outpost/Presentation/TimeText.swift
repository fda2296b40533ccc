import Foundation

/// Times and clock offsets as people read them.
enum TimeText {
    /// An instant in ms since 1970 as ISO-8601 in UTC, for example `2025-11-25T02:40:00Z`.
    static func iso8601(milliseconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(.iso8601)
    }

    /// The laptop's clock against the server's, from the handshake's measurement
    /// (server minus laptop, in ms).
    ///
    /// Under a minute it is a signed number of seconds, positive when the laptop is ahead:
    /// `+0.2 s (laptop vs server)`. From a minute on it says how far and which way in the
    /// largest fitting unit: `laptop is 4.0 years ahead of the server`.
    static func clockOffset(serverMinusLaptopMilliseconds offset: Int64) -> String {
        let laptopAheadSeconds = Double(-offset) / 1000
        let magnitude = abs(laptopAheadSeconds)
        guard magnitude >= 60 else {
            let rounded = (laptopAheadSeconds * 10).rounded() / 10
            return (rounded < 0 ? "-" : "+") + String(format: "%.1f", abs(rounded)) + " s (laptop vs server)"
        }
        let units: [(name: String, seconds: Double)] = [
            ("years", 365.25 * 86_400), ("days", 86_400), ("hours", 3_600), ("minutes", 60),
        ]
        let unit = units.first { magnitude >= $0.seconds } ?? units[units.count - 1]
        let amount = String(format: "%.1f", magnitude / unit.seconds)
        return "laptop is \(amount) \(unit.name) \(laptopAheadSeconds > 0 ? "ahead of" : "behind") the server"
    }
}
