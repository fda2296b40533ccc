/// What needs to place a customer in a lifecycle stage, in plain values.
public struct LifecycleFacts: Sendable, Hashable {
    /// A student's `enrollment_status` (DOMAIN.md §1.5).
    public enum StudentStatus: String, Sendable, Hashable, Codable, CaseIterable {
        /// Not yet studying.
        case prospect
        /// Taking a trial class.
        case trial
        /// Studying.
        case enrolled
        /// 休学: on a break.
        case suspended
        /// 退学: left.
        case withdrawn
        /// 结课: finished the course.
        case completed
    }

    /// The customer's enrollment orders; refunds are taken off (see ``PaidOrder``).
    public var orders: [PaidOrder]
    /// The latest class attended by any of the customer's students, UTC milliseconds.
    public var lastAttendanceAt: Int64?
    /// Class hours consumed in the last 30 days.
    public var hoursConsumedLast30Days: Double
    /// Class hours consumed in the three months before those 30 days, in total.
    public var hoursConsumedPrior3Months: Double
    /// Class hours left (`remaining_hours`), summed over the students.
    public var remainingHours: Double
    /// Class hours purchased, summed over the orders still held.
    public var purchasedHours: Double
    /// Each student's enrollment status.
    public var studentStatuses: [StudentStatus]
    /// Whether a renewal opportunity is open for the customer.
    public var hasOpenRenewalOpportunity: Bool

    /// Facts for one customer; omitted ones mean "none".
    public init(
        orders: [PaidOrder], lastAttendanceAt: Int64? = nil,
        hoursConsumedLast30Days: Double = 0, hoursConsumedPrior3Months: Double = 0,
        remainingHours: Double = 0, purchasedHours: Double = 0,
        studentStatuses: [StudentStatus] = [], hasOpenRenewalOpportunity: Bool = false
    ) {
        self.orders = orders
        self.lastAttendanceAt = lastAttendanceAt
        self.hoursConsumedLast30Days = hoursConsumedLast30Days
        self.hoursConsumedPrior3Months = hoursConsumedPrior3Months
        self.remainingHours = remainingHours
        self.purchasedHours = purchasedHours
        self.studentStatuses = studentStatuses
        self.hasOpenRenewalOpportunity = hasOpenRenewalOpportunity
    }
}
