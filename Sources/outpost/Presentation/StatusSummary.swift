import OutpostCore
import OutpostReplica

/// What `outpost status` reports: who this replica is, what waits, and how the last sync went.
struct StatusSummary: Encodable {
    /// The replica file.
    var replica: String
    /// The user it belongs to.
    var user: String
    /// Its device id.
    var device: String
    /// The server it syncs with.
    var server: String
    /// Entries not yet answered by the server.
    var pendingEntries: Int
    /// Entries the server refused.
    var rejectedEntries: Int
    /// The refused entries with their reasons, newest first (at most `listLimit`).
    var rejected: [RejectedEntry]
    /// Entries that lost a merge when they were pushed.
    var supersededEntries: Int
    /// Conflicts this user lost, including edits that lost later to someone else's push.
    var lostConflicts: Int
    /// When the last sync finished, ISO-8601 (absent: never).
    var lastSyncAt: String?
    /// The stored pull cursor (absent: never pulled).
    var cursor: String?
    /// Server clock minus laptop clock at the last handshake, in ms (absent: never measured).
    var serverClockOffsetMilliseconds: Int64?
    /// The user's notifications not marked read yet (reclaim warnings, …).
    var unreadNotifications: Int

    /// How many rejected entries are listed.
    static let listLimit = 1000

    /// Gathers the status of an opened, set-up replica.
    init(replica: Replica) throws {
        let settings = try replica.settings()
        let status = try replica.status()
        self.replica = replica.path
        user = settings.userID.rawValue
        device = settings.deviceID.rawValue
        server = settings.serverURL.absoluteString
        pendingEntries = status.pendingEntries
        rejectedEntries = status.rejectedEntries
        rejected = try replica.journalEntries(in: .rejected, limit: Self.listLimit).map(RejectedEntry.init)
        supersededEntries = status.supersededEntries
        lostConflicts = status.lostConflicts
        lastSyncAt = status.lastSyncAt.map(TimeText.iso8601(milliseconds:))
        cursor = status.cursor
        serverClockOffsetMilliseconds = status.serverClockOffsetMilliseconds
        let notification = EntityName("notification")
        let notifications = replica.schema.entity(notification) == nil ? [] : try replica.rows(notification)
        unreadNotifications = notifications.filter { _, row in
            row.values[FieldName("recipient_id")]?.textValue == settings.userID.rawValue && (row.values[FieldName("read_at")] ?? .null) == .null
        }.count
    }

    /// The text form: aligned key–value lines, then the rejected entries.
    func rendered() -> String {
        let offset = serverClockOffsetMilliseconds.map { TimeText.clockOffset(serverMinusLaptopMilliseconds: $0) }
        let pairs: [(String, String)] = [
            ("replica", replica),
            ("user", user),
            ("device", device),
            ("server", server),
            ("pending", "\(pendingEntries) \(pendingEntries == 1 ? "entry" : "entries") waiting to be pushed"),
            ("rejected", String(rejectedEntries)),
            ("superseded", String(supersededEntries)),
            ("conflicts", "\(lostConflicts) lost" + (lostConflicts > 0 ? " (see `outpost conflicts`)" : "")),
            ("last sync", lastSyncAt ?? "never"),
            ("cursor", cursor ?? "none (never pulled)"),
            ("clock offset", offset ?? "not measured yet (sync once)"),
            ("inbox", "\(unreadNotifications) unread notification\(unreadNotifications == 1 ? "" : "s")" + (unreadNotifications > 0 ? " (see `outpost list notification`)" : "")),
        ]
        var lines = pairs.map { key, value in key.padding(toLength: 13, withPad: " ", startingAt: 0) + value }
        if !rejected.isEmpty {
            lines.append("")
            lines.append("rejected entries, newest first (the server refused them; they stay here with the reason):")
            lines.append(RejectedEntry.table(rejected).rendered())
            if rejectedEntries > rejected.count {
                lines.append("… and \(rejectedEntries - rejected.count) older ones (`outpost status --json` lists the same \(rejected.count)).")
            }
        }
        return lines.joined(separator: "\n")
    }
}
