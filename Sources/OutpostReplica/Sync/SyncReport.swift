/// What one sync did, for the person who asked for it.
public struct SyncReport: Sendable, Equatable {
    /// Journal entries sent.
    public var pushed = 0
    /// Entries the server applied.
    public var applied = 0
    /// Entries that lost a merge (see `outpost conflicts`).
    public var superseded = 0
    /// Entries the server refused, with their reasons.
    public var rejected: [JournalEntry] = []
    /// Rows received in pulled pages.
    public var pulledRows = 0
    /// Rows that left the user's scope (reassigned, claimed by someone else, …): those the
    /// server evicted, and those a restarted pull no longer delivered (the user moved to another
    /// unit, a role was taken away). The laptop no longer holds them once their own edits are answered.
    public var evictedRows = 0
    /// Of those, rows that changed something locally.
    public var changedRows = 0
    /// Pull pages applied.
    public var pages = 0
    /// Conflicts newly learnt that this user lost.
    public var newConflicts = 0
    /// Entries refused while the user was disabled that a manager released since, now
    /// answered (`Replica.settleReleasedEntries`).
    public var released = 0
    /// Journal entries queued again because the server was restored from a backup and this
    /// replica bootstrapped again (`Replica.prepareRebootstrap`); 0 on an ordinary sync.
    public var requeuedForRebootstrap = 0
    /// Whether this sync bootstrapped again because the server was restored from a backup.
    public var rebootstrapped = false
    /// Journal entries numbered again because this replica file was restored from an older
    /// copy (`Replica.renumberUnsentEntries`); 0 on an ordinary sync.
    public var renumbered = 0
    /// Server clock minus laptop clock, measured by the handshake, in ms.
    public var serverClockOffsetMilliseconds: Int64 = 0

    /// Creates an empty report.
    public init() {}
}

/// Progress of a long sync, reported after each push batch and pull page.
public enum SyncProgress: Sendable, Equatable {
    /// `sent` journal entries pushed so far.
    case pushed(sent: Int)
    /// `rows` rows pulled so far, over `pages` pages.
    case pulled(rows: Int, pages: Int)
}
