/// The advisory-lock keys the PostgreSQL store takes, in one place so they never collide.
///
/// Single-key locks (`pg_advisory_xact_lock(bigint)`) and two-key locks
/// (`pg_advisory_xact_lock(int, int)`) live in separate key spaces in PostgreSQL, so the row
/// locks (two keys) cannot meet the migration or change-log locks (one key).
///
/// Lock order inside a push, which keeps pushes free of deadlocks: the device row
/// (`SELECT ... FOR UPDATE`), then the row locks in ascending key order, then the change-log
/// lock. Nothing is locked after the change-log lock.
enum PostgresAdvisoryLock {
    /// Held while migrating, so two processes starting at once migrate one after the other.
    static let migration: Int64 = 0x4F55_5450_4D49_4701   // "OUTPMIG" + 1

    /// Held from allocating change-log and conflict-log positions until commit (DESIGN
    /// "Ordering trap"; see `PostgresChangeStore+Push.swift`).
    static let changeLog: Int64 = 0x4F55_5450_4C4F_4701   // "OUTPLOG" + 1

    /// The first key of a row lock; the second is `rowKey(entity:id:)`.
    static let rowNamespace: Int32 = 0x4F50_524F   // "OPRO"

    /// The second key of the lock on one row: FNV-1a (32 bits) of entity and id. Two rows
    /// that share a key only wait for each other, which costs time, never correctness.
    static func rowKey(entity: String, id: String) -> Int32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in entity.utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        hash = (hash ^ 0) &* 0x0100_0193   // separator: ("ab", "c") and ("a", "bc") differ
        for byte in id.utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        return Int32(bitPattern: hash)
    }
}
