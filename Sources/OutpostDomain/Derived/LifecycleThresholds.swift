/// The cut-offs of R-12.1 (DOMAIN.md §2.12; every default is a proposal).
public struct LifecycleThresholds: Sendable, Hashable, Codable {
    /// Growth and mature need the last paid order at most this many days old; 181 days starts decline.
    public var recentOrderDays: Int
    /// Departed needs the last paid order more than this many days old.
    public var departedOrderDays: Int
    /// Mature needs attendance within this many days.
    public var activeAttendanceDays: Int
    /// Departed needs no attendance within this many days.
    public var dormantAttendanceDays: Int
    /// Decline (b): last-30-day hours at or below this share of the prior monthly average.
    public var consumptionDropRatio: Double
    /// Decline (c): remaining hours at or below this share of purchased hours.
    public var lowRemainingRatio: Double

    /// Thresholds; the defaults are R-12.1's.
    public init(
        recentOrderDays: Int = 180, departedOrderDays: Int = 365,
        activeAttendanceDays: Int = 30, dormantAttendanceDays: Int = 90,
        consumptionDropRatio: Double = 0.5, lowRemainingRatio: Double = 0.1
    ) {
        self.recentOrderDays = recentOrderDays
        self.departedOrderDays = departedOrderDays
        self.activeAttendanceDays = activeAttendanceDays
        self.dormantAttendanceDays = dormantAttendanceDays
        self.consumptionDropRatio = consumptionDropRatio
        self.lowRemainingRatio = lowRemainingRatio
    }
}
