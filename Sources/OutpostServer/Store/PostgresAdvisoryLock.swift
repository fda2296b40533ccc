/// The advisory-lock keys the PostgreSQL store takes, in one place so they never collide.
///
/// Lock order inside a push, which keeps pushes free of deadlocks: the device row
/// (`SELECT ... FOR UPDATE`), then the existing entity rows it touches (`FOR UPDATE`, in
/// entity then id order), then `commitOrder` when the push needs it, then the change-log
/// fence. Nothing is locked after the fence. A puller takes only the fence, alone in its own
/// short transaction.
enum PostgresAdvisoryLock {
    /// Held while migrating, so two processes starting at once migrate one after the other.
    static let migration: Int64 = 0x4F55_5450_4D49_4701   // "OUTPMIG" + 1

    /// Held from the first write whose order must be commit order until commit: conflict-log
    /// positions (`GET /v1/conflicts?after=` reads up to the highest visible one) and
    /// audit-chain links. Only pushes that write either take it.
    static let commitOrder: Int64 = 0x4F55_5450_4C4F_4701   // "OUTPLOG" + 1

    /// The change-log fence (DESIGN "Ordering trap"; see `PostgresChangeStore+Push.swift`):
    /// every transaction holds it shared from taking change-log positions until it ends, so
    /// pushes never wait for each other on it; a puller takes it exclusively for a moment to
    /// learn the highest position below which nothing is still in flight.
    static let changeLogFence: Int64 = 0x4F55_5450_4645_4E01   // "OUTPFEN" + 1
}
