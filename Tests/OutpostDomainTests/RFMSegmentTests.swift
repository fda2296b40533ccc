import OutpostDomain
import Testing

/// DOMAIN.md …: RFM codes, labels and tags from paid orders.
@Suite struct RFMSegmentTests {
    typealias T = ShanghaiTime
    static let now = T.at(2024, 6, 30, 12)
    static let thresholds = RFMThresholds(minimumAmountFen: 5_000)

    static func order(_ daysAgo: Int64, _ fen: Int64, refunded: Int64 = 0) -> PaidOrder {
        PaidOrder(amountFen: fen, paidAt: now - daysAgo * T.day, refundedFen: refunded)
    }

    static func segment(_ orders: [PaidOrder]) -> RFMSegment {
        RFMSegment(orders: orders, now: now, calendar: T.calendar, thresholds: thresholds)
    }

    @Test(arguments: [
        ([order(10, 3_000), order(20, 3_000)], "111", "高价值客户"),
        ([order(100, 3_000), order(200, 3_000)], "011", "重点保持客户"),
        ([order(10, 6_000)], "101", "重点发展客户"),
        ([order(100, 6_000)], "001", "重点挽留客户"),
        ([order(10, 1_000), order(20, 1_000)], "110", "一般价值客户"),
        ([order(100, 1_000), order(200, 1_000)], "010", "一般保持客户"),
        ([order(10, 1_000)], "100", "一般发展客户"),
        ([], "000", "潜在客户"),
        ([order(100, 1_000)], "000", "一般挽留"),
        ([order(400, 90_000), order(500, 90_000)], "000", "一般挽留"),
    ])
    func codesAndSeedLabels(orders: [PaidOrder], code: String, label: String) {
        let segment = Self.segment(orders)
        #expect(segment.code == code)
        #expect(segment.label == label)
        #expect(segment.tag == "rfm:\(code)")
    }

    @Test(arguments: [(Int64(0), true), (89, true), (90, true), (91, false)])
    func recencyBoundaryIsNinetyDays(daysAgo: Int64, isRecent: Bool) {
        #expect(Self.segment([Self.order(daysAgo, 1_000)]).isRecent == isRecent)
    }

    @Test(arguments: [(Int64(365), "110"), (366, "100")])
    func frequencyWindowIsThreeHundredSixtyFiveDays(olderOrderDaysAgo: Int64, code: String) {
        #expect(Self.segment([Self.order(10, 1_000), Self.order(olderOrderDaysAgo, 1_000)]).code == code)
    }

    @Test(arguments: [(Int64(365), "101"), (366, "100")])
    func monetaryWindowIsThreeHundredSixtyFiveDays(olderOrderDaysAgo: Int64, code: String) {
        // Two orders sit in F's window only if both are in it, so use a high F threshold.
        let thresholds = RFMThresholds(minimumOrders: 3, minimumAmountFen: 5_000)
        let orders = [Self.order(10, 2_500), Self.order(olderOrderDaysAgo, 2_500)]
        #expect(RFMSegment(orders: orders, now: Self.now, calendar: T.calendar, thresholds: thresholds).code == code)
    }

    @Test func daysAreCalendarDaysInTheCompanyTimeZone() {
        // 90 days and 2 minutes of elapsed time, but 91 calendar days in Shanghai: not recent.
        let lateNight = PaidOrder(amountFen: 1_000, paidAt: T.at(2024, 4, 1, 23, 59))
        #expect(!RFMSegment(orders: [lateNight], now: T.at(2024, 7, 1, 0, 1), calendar: T.calendar, thresholds: Self.thresholds).isRecent)
        // 90 days and almost 24 hours elapsed, but 90 calendar days: recent.
        let earlyMorning = PaidOrder(amountFen: 1_000, paidAt: T.at(2024, 4, 1, 0, 1))
        #expect(RFMSegment(orders: [earlyMorning], now: T.at(2024, 6, 30, 23, 59), calendar: T.calendar, thresholds: Self.thresholds).isRecent)
    }

    @Test func refundsComeOffFirst() {
        #expect(Self.segment([Self.order(10, 6_000, refunded: 6_000)]).label == "潜在客户", "a fully refunded order is no purchase")
        #expect(Self.segment([Self.order(10, 6_000, refunded: 2_000)]).code == "100", "4,000 fen kept is below M")
        #expect(Self.segment([Self.order(10, 6_000, refunded: 1_000)]).code == "101")
        #expect(Self.segment([Self.order(10, 3_000), Self.order(20, 3_000, refunded: 3_000)]).code == "100",
                "the refunded renewal counts neither for F nor for M")
    }

    @Test func zeroMonetaryThresholdNeedsAnOrder() {
        let free = RFMThresholds(minimumAmountFen: 0)
        #expect(RFMSegment(orders: [], now: Self.now, calendar: T.calendar, thresholds: free).code == "000")
    }

    static let medians: [([Int64], Int64?)] = [([], nil), ([5], 5), ([1, 3, 2], 2), ([1, 2, 3, 10], 2), ([4, 6], 5), ([7, 7, 1, 9], 7)]

    @Test(arguments: medians)
    func medianOfCustomerSpends(amounts: [Int64], median: Int64?) {
        #expect(RFMThresholds.medianFen(of: amounts) == median)
    }
}
