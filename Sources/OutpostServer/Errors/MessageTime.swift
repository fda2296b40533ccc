import Foundation

/// Times in the sentences of refusals, as a person reads them.
enum MessageTime {
    /// `milliseconds` (UTC, since 1970) as ISO 8601 in UTC.
    static func utc(_ milliseconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(.iso8601)
    }
}
