/// A customer's RFM segment (DOMAIN.md §2.11): three digits, recency-frequency-monetary, where
/// 1 means good on that axis. Server-owned, computed nightly, never merged.
///
/// ```swift
/// let segment = RFMSegment(orders: orders, now: now, calendar: calendar,
///                          thresholds: RFMThresholds(minimumAmountFen: 800_000))
/// segment.code    // "101"
/// segment.label   // "重点发展客户"
/// segment.tag     // "rfm:101"
/// ```
public struct RFMSegment: Sendable, Hashable {
    /// R: the last paid order is recent.
    public var isRecent: Bool
    /// F: enough paid orders in the window.
    public var isFrequent: Bool
    /// M: enough money in the window.
    public var isHighValue: Bool
    /// Whether the customer has any paid order at all, which tells 潜在客户 from 一般挽留 at 000.
    public var hasPaidOrders: Bool

    /// Computes the segment: refunds are taken off first, and fully refunded orders do
    /// not count; day counts are calendar days in the company time zone.
    /// - Parameters:
    ///   - orders: the customer's enrollment orders.
    ///   - now: the run's instant, UTC milliseconds.
    ///   - calendar: the company calendar.
    ///   - thresholds: the cut-offs.
    public init(orders: [PaidOrder], now: Int64, calendar: CompanyCalendar, thresholds: RFMThresholds) {
        let paid = orders.filter(\.countsAsPaid)
        let inWindow = paid.filter { calendar.daysBetween($0.paidAt, now) <= thresholds.windowDays }
        hasPaidOrders = !paid.isEmpty
        isRecent = paid.map(\.paidAt).max().map { calendar.daysBetween($0, now) <= thresholds.recencyDays } ?? false
        isFrequent = inWindow.count >= thresholds.minimumOrders
        isHighValue = hasPaidOrders && inWindow.reduce(0) { $0 + $1.netFen } >= thresholds.minimumAmountFen
    }

    /// The three digits, "111" … "000".
    public var code: String {
        [isRecent, isFrequent, isHighValue].map { $0 ? "1" : "0" }.joined()
    }

    /// The system tag carrying the code, e.g. `rfm:011`.
    public var tag: String { "rfm:\(code)" }

    /// The seed's label for the code (S000). A customer with orders who scores 000 is
    /// "一般挽留" rather than 潜在客户 (R-11.3; not in the seed, to confirm with the business).
    public var label: String {
        switch code {
        case "111": "高价值客户"
        case "011": "重点保持客户"
        case "101": "重点发展客户"
        case "001": "重点挽留客户"
        case "110": "一般价值客户"
        case "010": "一般保持客户"
        case "100": "一般发展客户"
        default: hasPaidOrders ? "一般挽留" : "潜在客户"
        }
    }
}
