/// One enrollment order as RFM and lifecycle see it: money in fen and when it was paid
/// (DOMAIN.md §1.15 EnrollmentOrder; "paid minus refunds", R-11.2).
public struct PaidOrder: Sendable, Hashable, Codable {
    /// What was paid, in fen.
    public var amountFen: Int64
    /// When it was paid, UTC milliseconds.
    public var paidAt: Int64
    /// How much of it was refunded, in fen; 0 for a `paid` order, all of it for `refunded`.
    public var refundedFen: Int64

    /// An order; `refundedFen` defaults to nothing refunded.
    public init(amountFen: Int64, paidAt: Int64, refundedFen: Int64 = 0) {
        self.amountFen = amountFen
        self.paidAt = paidAt
        self.refundedFen = refundedFen
    }

    /// The amount kept after refunds, in fen, never negative.
    public var netFen: Int64 { max(0, amountFen - refundedFen) }

    /// Whether the order still counts as a purchase: a fully refunded order does not.
    public var countsAsPaid: Bool { netFen > 0 }
}
