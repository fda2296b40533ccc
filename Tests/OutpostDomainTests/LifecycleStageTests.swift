import OutpostDomain
import Testing

/// DOMAIN.md: lifecycle stages from orders, attendance, hours and students.
@Suite struct LifecycleStageTests {
    typealias T = ShanghaiTime
    static let now = T.at(2024, 6, 30, 12)

    static func ago(_ days: Int64) -> Int64 { now - days * T.day }
    static func order(_ daysAgo: Int64) -> PaidOrder { PaidOrder(amountFen: 300_000, paidAt: ago(daysAgo)) }
    static func stage(_ facts: LifecycleFacts) -> LifecycleStage {
        LifecycleStage.stage(of: facts, now: now, calendar: T.calendar)
    }

    @Test(arguments: [
        // acquisition
        (LifecycleFacts(orders: []), LifecycleStage.acquisition),
        (LifecycleFacts(orders: [], lastAttendanceAt: ago(1)), .acquisition),
        (LifecycleFacts(orders: [PaidOrder(amountFen: 300_000, paidAt: ago(5), refundedFen: 300_000)]), .acquisition),
        // growth: one order ≤ 180 days
        (LifecycleFacts(orders: [order(10)], lastAttendanceAt: ago(2)), .growth),
        (LifecycleFacts(orders: [order(180)], lastAttendanceAt: ago(2)), .growth),
        (LifecycleFacts(orders: [order(181)], lastAttendanceAt: ago(2)), .decline),
        // mature: two orders, last ≤ 180, attendance ≤ 30 days
        (LifecycleFacts(orders: [order(20), order(200)], lastAttendanceAt: ago(30)), .mature),
        (LifecycleFacts(orders: [order(20), order(200)], lastAttendanceAt: ago(31)), .growth),
        (LifecycleFacts(orders: [order(20), order(200)]), .growth),
        (LifecycleFacts(orders: [order(180), order(300)], lastAttendanceAt: ago(1)), .mature),
        (LifecycleFacts(orders: [order(181), order(300)], lastAttendanceAt: ago(1)), .decline),
        // decline (a) and departed
        (LifecycleFacts(orders: [order(365)]), .decline),
        (LifecycleFacts(orders: [order(366)]), .departed),
        (LifecycleFacts(orders: [order(366)], lastAttendanceAt: ago(90)), .decline),
        (LifecycleFacts(orders: [order(366)], lastAttendanceAt: ago(91)), .departed),
        (LifecycleFacts(orders: [order(10)], studentStatuses: [.withdrawn, .withdrawn]), .departed),
        (LifecycleFacts(orders: [order(10)], studentStatuses: [.withdrawn, .enrolled]), .growth),
    ])
    func stagesAndDayBoundaries(facts: LifecycleFacts, stage: LifecycleStage) {
        #expect(Self.stage(facts) == stage)
    }

    @Test(arguments: [(5.0, 30.0, true), (5.5, 30, false), (0, 30, true), (0, 0, false), (20, 30, false)])
    func declineWhenConsumptionHalves(last30Days: Double, prior3Months: Double, declines: Bool) {
        let facts = LifecycleFacts(orders: [Self.order(20), Self.order(200)], lastAttendanceAt: Self.ago(3),
                                   hoursConsumedLast30Days: last30Days, hoursConsumedPrior3Months: prior3Months)
        #expect(Self.stage(facts) == (declines ? .decline : .mature))
    }

    @Test(arguments: [(10.0, 100.0, false, true), (10, 100, true, false), (11, 100, false, false), (0, 0, false, false)])
    func declineWhenHoursRunOutWithoutARenewal(remaining: Double, purchased: Double, renewalOpen: Bool, declines: Bool) {
        let facts = LifecycleFacts(orders: [Self.order(20)], lastAttendanceAt: Self.ago(3), remainingHours: remaining,
                                   purchasedHours: purchased, hasOpenRenewalOpportunity: renewalOpen)
        #expect(Self.stage(facts) == (declines ? .decline : .growth))
    }

    @Test func aDepartedCustomerWhoRenewsComesBack() {
        // stages move both ways.
        var facts = LifecycleFacts(orders: [Self.order(400)], lastAttendanceAt: Self.ago(200))
        #expect(Self.stage(facts) == .departed)
        facts.orders.append(Self.order(1))
        facts.lastAttendanceAt = Self.ago(1)
        #expect(Self.stage(facts) == .mature)
    }

    @Test func rawValuesAreStable() {
        #expect(LifecycleStage.allCases.map(\.rawValue) == ["acquisition", "growth", "mature", "decline", "departed"])
    }
}
