import OutpostReplica

/// What `outpost sync` reports: the `SyncReport` in a printable and encodable shape.
struct SyncSummary: Encodable {
    /// Journal entries sent.
    var pushed: Int
    /// Entries the server applied.
    var applied: Int
    /// Entries that lost a merge.
    var superseded: Int
    /// Entries the server refused, with their reasons.
    var rejected: [RejectedEntry]
    /// Rows changed locally by pulled pages.
    var pulledRows: Int
    /// Pull pages applied.
    var pages: Int
    /// Rows that left this user's scope.
    var leftScope: Int
    /// Conflicts newly learnt that this user lost.
    var newConflicts: Int
    /// Server clock minus laptop clock, in ms.
    var serverClockOffsetMilliseconds: Int64
    /// Whether the server had been restored from a backup, so this laptop bootstrapped again.
    var rebootstrapped: Bool
    /// Changes the server had answered before its restore, sent again.
    var resent: Int
    /// Changes numbered again because this replica file was restored from an older copy.
    var renumbered: Int
    /// Changes refused while this user was disabled that a manager has released since.
    var released: Int

    /// Summarizes a finished sync.
    init(_ report: SyncReport) {
        pushed = report.pushed
        applied = report.applied
        superseded = report.superseded
        rejected = report.rejected.map(RejectedEntry.init)
        pulledRows = report.pulledRows
        pages = report.pages
        leftScope = report.evictedRows
        newConflicts = report.newConflicts
        serverClockOffsetMilliseconds = report.serverClockOffsetMilliseconds
        rebootstrapped = report.rebootstrapped
        resent = report.requeuedForRebootstrap
        renumbered = report.renumbered
        released = report.released
    }

    /// The text form, one fact per line.
    func rendered() -> String {
        var lines: [String] = []
        if rebootstrapped {
            let resending = resent == 0 ? "" : " and sent again the \(resent) \(resent == 1 ? "change" : "changes") it had answered before (those it had lost are applied now)"
            lines.append("the server was restored from a backup: this laptop bootstrapped again" + resending)
        }
        if renumbered > 0 {
            lines.append("this laptop's replica file is an older copy (restored from a backup, or copied from another laptop): "
                         + "\(renumbered) unsent \(renumbered == 1 ? "change was" : "changes were") numbered again so the server applies "
                         + "\(renumbered == 1 ? "it" : "them") (a copy still in use beside its original shares one device with it: give it a new replica file with `outpost init`)")
        }
        lines += [
            "pushed \(pushed) \(pushed == 1 ? "entry" : "entries") (applied \(applied), superseded \(superseded), rejected \(rejected.count))",
            "pulled \(pulledRows) \(pulledRows == 1 ? "row" : "rows") in \(pages) \(pages == 1 ? "page" : "pages")",
            "new conflicts \(newConflicts)" + (newConflicts > 0 ? " (see `outpost conflicts`)" : ""),
        ]
        if released > 0 {
            lines.append("released by a manager \(released) \(released == 1 ? "change" : "changes") refused while you were disabled "
                         + "(answered now; `outpost status` no longer lists \(released == 1 ? "it" : "them") as rejected)")
        }
        if leftScope > 0, rebootstrapped {
            lines.append("removed \(leftScope) \(leftScope == 1 ? "row" : "rows") the restored server no longer has or no longer gives you "
                         + "(rows with changes not yet answered stay)")
        } else if leftScope > 0 {
            lines.append("left your scope \(leftScope) \(leftScope == 1 ? "row" : "rows") (reassigned, claimed by someone else, or no longer shared with you; "
                         + "your own follow-ups and check-ins stay)")
        }
        lines += [
            "clock offset \(TimeText.clockOffset(serverMinusLaptopMilliseconds: serverClockOffsetMilliseconds))",
        ]
        if !rejected.isEmpty {
            lines.append("")
            lines.append("rejected by the server (kept on this laptop; `outpost status` lists them again):")
            lines.append(RejectedEntry.table(rejected).rendered())
        }
        return lines.joined(separator: "\n")
    }
}
