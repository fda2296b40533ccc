import OutpostCore
import OutpostProtocol

/// One local write waiting for, or answered by, the server.
public struct JournalEntry: Hashable, Sendable {
    /// The device's journal sequence number (what the server deduplicates on).
    public var sequence: Int64
    /// The write; for a command, its subject row, its name (as `field`) and its arguments
    /// (as `value`), so lists show every entry alike.
    public var change: PushChange
    /// The command, when the entry is one rather than a field write.
    public var command: PushCommand?
    /// Where the entry stands.
    public var state: JournalState
    /// For rejected entries: the stable reason code.
    public var code: ErrorCode?
    /// For rejected entries: the reason, for people.
    public var message: String?
    /// For superseded entries: the server's conflict id.
    public var conflictID: String?
    /// The clock the server stored when it clamped the entry's clock (a laptop far ahead).
    public var storedClock: HLCTimestamp?
    /// When the laptop recorded the write (ms since 1970).
    public var recordedAt: Int64
    /// For a command answered with an alias map: provisional row id → the row standing for it.
    public var aliases: [String: String]?
}

/// Where a journal entry stands.
public enum JournalState: String, Sendable, Codable {
    /// Not yet answered by the server.
    case pending
    /// The server applied it.
    case applied
    /// It lost a merge; the conflict log holds it.
    case superseded
    /// The server refused it; `code` and `message` say why. It stays visible here.
    case rejected
}
