/// The advisory-lock keys the PostgreSQL store takes, in one place so they never collide.
///
/// Lock order inside a push, which keeps pushes free of deadlocks: the device row
/// (`SELECT ... FOR UPDATE`), then the existing entity rows it touches (`FOR UPDATE`, in
/// entity then id order), then the change-log lock. Nothing is locked after the change-log lock.
enum PostgresAdvisoryLock {
    /// Held while migrating, so two processes starting at once migrate one after the other.
    static let migration: Int64 = 0x4F55_5450_4D49_4701   // "OUTPMIG" + 1

    /// Held from allocating change-log and conflict-log positions until commit (DESIGN
    /// "Ordering trap"; see `PostgresChangeStore+Push.swift`).
    static let changeLog: Int64 = 0x4F55_5450_4C4F_4701   // "OUTPLOG" + 1
}
