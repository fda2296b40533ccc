/// The cut-offs RFM digits are computed with (DOMAIN.md; proposals).
public struct RFMThresholds: Sendable, Hashable, Codable {
    /// R = 1 when the last paid order is at most this many calendar days old.
    public var recencyDays: Int
    /// F = 1 when at least this many paid orders fall in the window (a renewal counts).
    public var minimumOrders: Int
    /// M = 1 when the amount paid in the window reaches this, in fen.
    public var minimumAmountFen: Int64
    /// The F and M window: orders at most this many calendar days old.
    public var windowDays: Int

    /// Thresholds; `minimumAmountFen` has no sensible constant default (R-11.2 uses the company
    /// median, frozen monthly: see ``medianFen(of:)``).
    public init(recencyDays: Int = 90, minimumOrders: Int = 2, minimumAmountFen: Int64, windowDays: Int = 365) {
        self.recencyDays = recencyDays
        self.minimumOrders = minimumOrders
        self.minimumAmountFen = minimumAmountFen
        self.windowDays = windowDays
    }

    /// The median of the customers' amounts in fen, for `minimumAmountFen`: pass one amount per
    /// customer with at least one paid order. An even count takes the mean of the two middle
    /// amounts, rounded down. Nil when there are no amounts.
    public static func medianFen(of amounts: [Int64]) -> Int64? {
        guard !amounts.isEmpty else { return nil }
        let sorted = amounts.sorted()
        let upper = sorted[sorted.count / 2]
        guard sorted.count.isMultiple(of: 2) else { return upper }
        let lower = sorted[sorted.count / 2 - 1]
        return lower + (upper - lower) / 2
    }
}
