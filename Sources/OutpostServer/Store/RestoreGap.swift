/// What a restored store does so that no replica silently skips changes.
///
/// A store's file or dump may be put back as it was at some earlier moment, with its change
/// log up to position H: from a backup, a disk snapshot, a plain copy, or the same backup a
/// second time. The lost server may have handed out cursors beyond H; if the restored server
/// numbered its new changes from H again, a replica holding such a cursor would skip them.
/// So a store starts numbering the changes of each run (each start of a server process, on
/// either store) past every number any earlier run can have handed out
/// (`nextRunStart`), and records the gap (H, start): a cursor inside it was issued by a
/// history this store lacks, and its pull is answered with `ServerError.cursorAhead`
/// ("re-bootstrap this replica"). Cursors at or below H stay valid, so replicas that had seen
/// no more than the restored log keep syncing.
///
/// The start depends on the time, not only on H: two runs started from the same restored
/// state (a backup restored twice) start at different numbers, so the second one's gap holds
/// what the first one handed out. A plain restart costs nothing but a gap no cursor is in.
enum RestoreGap {
    /// How far a run's numbers jump when the clock cannot say: more positions than a store
    /// hands out in its life.
    static let width: Int64 = 1 << 32

    /// Positions a run may hand out per millisecond it runs, on average, and stay below the
    /// next run's start (4,096: four million a second, far beyond any server's write rate).
    static let positionsPerMillisecond: Int64 = 4096

    /// Where a run that starts at `nowMilliseconds` on a log whose head is `head` starts
    /// numbering: at the clock's number, past every number an earlier run can have reached by
    /// now. Only when the log is already past it (the server's clock went back between two
    /// runs) does it jump `width` past `head` instead; restarts alone never push the numbers
    /// ahead of the clock, so a later restore of an older state still starts past them.
    static func nextRunStart(head: Int64, nowMilliseconds: Int64) -> Int64 {
        let byClock = nowMilliseconds * positionsPerMillisecond
        return byClock > head ? byClock : head + width
    }
}
