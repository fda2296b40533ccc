/// How hard the SQLite store pushes each commit to disk before a push is answered.
///
/// Both levels keep the file consistent after any crash (WAL); they differ in what a power
/// loss may take back.
public enum StoreDurability: String, Sendable, CaseIterable {
    /// `PRAGMA synchronous = NORMAL` (GRDB's WAL default): a commit survives a crash of the
    /// server process; a power loss may undo the last commits, never corrupt the file.
    case normal
    /// `PRAGMA synchronous = FULL`: every commit is fsynced before it is answered, so an
    /// acknowledged push also survives a power loss (invariant 2, nothing accepted is lost).
    case full

    /// The value of SQLite's `synchronous` pragma for this level.
    var synchronousPragma: String {
        switch self {
        case .normal: "NORMAL"
        case .full: "FULL"
        }
    }
}
