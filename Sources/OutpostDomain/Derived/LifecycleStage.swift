/// Where a customer is in its life with the company (DOMAIN.md §2.12, S000 生命周期).
///
/// Server-owned and recomputed nightly; it moves both ways, so it is not forwardOnly.
public enum LifecycleStage: String, Sendable, Hashable, Codable, CaseIterable {
    /// 获取期: no paid order yet.
    case acquisition
    /// 提升期: converted; focus on retention.
    case growth
    /// 成熟期: buying again and attending.
    case mature
    /// 衰退期: clear signs of dropping off; entering it creates a task for the owner.
    case decline
    /// 离开期: gone quiet for a year, or every student withdrew.
    case departed

    /// The stage assigns. Where the rule's conditions overlap, the first match wins in
    /// this order: acquisition, departed, decline, mature, growth.
    ///
    /// Two gaps in are filled here: a last order more than 365 days old with attendance
    /// in the last 90 days is decline (not yet departed), and two or more recent orders without
    /// attendance in the last 30 days is growth (not yet mature).
    /// - Parameters:
    ///   - facts: the customer's orders, attendance, hours, students and opportunities.
    ///   - now: the run's instant, UTC milliseconds.
    ///   - calendar: the company calendar; every day count is in calendar days.
    ///   - thresholds: the cut-offs.
    public static func stage(
        of facts: LifecycleFacts, now: Int64, calendar: CompanyCalendar,
        thresholds: LifecycleThresholds = LifecycleThresholds()
    ) -> LifecycleStage {
        let paid = facts.orders.filter(\.countsAsPaid)
        guard let lastPaidAt = paid.map(\.paidAt).max() else { return .acquisition }
        let orderAge = calendar.daysBetween(lastPaidAt, now)
        let attendanceAge = facts.lastAttendanceAt.map { calendar.daysBetween($0, now) }

        let isDormant = attendanceAge.map { $0 > thresholds.dormantAttendanceDays } ?? true
        let allWithdrawn = !facts.studentStatuses.isEmpty && facts.studentStatuses.allSatisfy { $0 == .withdrawn }
        if (orderAge > thresholds.departedOrderDays && isDormant) || allWithdrawn {
            return .departed
        }

        let priorMonthlyAverage = facts.hoursConsumedPrior3Months / 3
        // (b) needs a prior baseline: a customer who never consumed anything has not dropped.
        let consumptionDropped = priorMonthlyAverage > 0
            && facts.hoursConsumedLast30Days <= thresholds.consumptionDropRatio * priorMonthlyAverage
        let runningOut = facts.purchasedHours > 0
            && facts.remainingHours <= thresholds.lowRemainingRatio * facts.purchasedHours
            && !facts.hasOpenRenewalOpportunity
        if orderAge > thresholds.recentOrderDays || consumptionDropped || runningOut {
            return .decline
        }

        let attendedRecently = attendanceAge.map { $0 <= thresholds.activeAttendanceDays } ?? false
        return paid.count >= 2 && attendedRecently ? .mature : .growth
    }
}
