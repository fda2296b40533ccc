/// What a restored store does so that no replica silently skips changes.
///
/// A backup holds the change log up to some position H. The original server may have handed
/// out cursors beyond H before it was lost; the restored server would hand out those same
/// numbers again for different changes, and a replica holding such a cursor would skip them.
/// So a restored store jumps its position counters by `width` and records the gap
/// (H, H + width]: a cursor inside it was issued by the lost future, and its pull is answered
/// with `ServerError.cursorAhead` ("re-bootstrap this replica"). Cursors at or below H stay
/// valid, so replicas that had seen no more than the backup keep syncing.
///
/// Marking a gap is harmless when no restore happened: this store never issued a position
/// above its own head, so none of its cursors falls in the gap. SQLite marks the gap in the
/// backup copy (`SQLiteChangeStore.backup(to:)`); PostgreSQL notices a logical restore at
/// start, because restored tables get new OIDs (`PostgresMigrations`).
enum RestoreGap {
    /// How far the position counters jump: more positions than a store hands out in its life.
    static let width: Int64 = 1 << 32
}
