import OutpostCore

/// The answer to a push: one result per entry, in the order sent.
public struct PushResponse: Codable, Hashable, Sendable {
    /// One result per entry.
    public var results: [PushResult]
    /// The change-log position of what this push applied. The client counts itself in sync
    /// only once its pull cursor has passed it (read your writes).
    public var logPosition: PullCursor

    /// Creates a response.
    public init(results: [PushResult], logPosition: PullCursor) {
        self.results = results
        self.logPosition = logPosition
    }
}

/// What became of one pushed entry.
public struct PushResult: Codable, Hashable, Sendable {
    /// The entry's journal sequence number.
    public var sequence: Int64
    /// Applied, superseded or rejected.
    public var status: PushStatus
    /// The clock the server stored, when it differs from the one sent (a clamped future clock).
    public var storedClock: HLCTimestamp?
    /// For `superseded`: the conflict-log entry holding both versions.
    public var conflictID: String?
    /// For `rejected`: the stable reason code.
    public var code: ErrorCode?
    /// For `rejected`: what happened and what to do, for people.
    public var message: String?
    /// For `superseded` and `rejected`: the field's current version on the server (absent when
    /// the field was never written there). The device shows it in place of its own write.
    public var currentVersion: WireFieldVersion?
    /// For a command whose rows the server replaced by rows it already had (a second
    /// `convert` of a lead): provisional row id → the id of the row that stands for it. The
    /// device re-points its references and drops the provisional rows (DOMAIN §6.6).
    public var aliases: [String: String]?

    /// Creates a result.
    public init(sequence: Int64, status: PushStatus, storedClock: HLCTimestamp? = nil, conflictID: String? = nil,
                code: ErrorCode? = nil, message: String? = nil, currentVersion: WireFieldVersion? = nil,
                aliases: [String: String]? = nil) {
        self.sequence = sequence
        self.status = status
        self.storedClock = storedClock
        self.conflictID = conflictID
        self.code = code
        self.message = message
        self.currentVersion = currentVersion
        self.aliases = aliases
    }
}

/// The fate of a pushed entry.
public enum PushStatus: String, Codable, Hashable, Sendable {
    /// The write is (or was already) the field's current value, or lost nothing.
    case applied
    /// The write lost a merge to a concurrent write; it is in the conflict log.
    case superseded
    /// The write was refused; `code` says why.
    case rejected
}
