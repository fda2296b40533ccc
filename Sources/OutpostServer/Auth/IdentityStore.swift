import OutpostCore

/// The server-only identity data beside the replicated rows: password hashes, per-device
/// tokens (hashes only) and the quarantine of a disabled user's pushes. Both stores keep it in
/// tables no replica ever pulls.
public protocol IdentityStore: Sendable {
    /// The user whose `user` row has this (normalized) mobile number, or nil.
    func user(withMobile mobile: String) async throws -> UserID?

    /// The `status` of the user's `user` row (`invited`, `active`, `on_leave`, `disabled`), or
    /// nil when the user has no row (a fixture user).
    func status(of user: UserID) async throws -> String?

    /// The user's bcrypt password hash, or nil when no password was set.
    func passwordHash(of user: UserID) async throws -> String?

    /// Sets (or replaces) the user's bcrypt password hash.
    func setPasswordHash(_ hash: String, of user: UserID, now: Int64) async throws

    /// Stores a new token for `device`, replacing (and so revoking) the device's previous one.
    /// - Throws: `ServerError.deviceMismatch` when the device is registered to another user.
    func issueToken(hash: String, user: UserID, device: DeviceID, deviceName: String?, now: Int64) async throws

    /// The owner and device of the unrevoked token with this hash, noting the use; nil when
    /// there is none.
    func caller(forTokenHash hash: String, now: Int64) async throws -> AuthenticatedCaller?

    /// Revokes the token with this hash.
    /// - Returns: the token's record, or nil when none was live.
    func revokeToken(hash: String, now: Int64) async throws -> DeviceTokenRecord?

    /// Revokes the live token of `device`.
    /// - Returns: its record, or nil when none was live.
    func revokeDevice(_ device: DeviceID, now: Int64) async throws -> DeviceTokenRecord?

    /// Revokes every live token of `user`.
    /// - Returns: their records.
    func revokeTokens(of user: UserID, now: Int64) async throws -> [DeviceTokenRecord]

    /// Every device token (live or revoked), of one user or of all, by user then device.
    func deviceTokens(of user: UserID?) async throws -> [DeviceTokenRecord]

    /// Keeps entries of a disabled user's push for review; an entry already kept (same device
    /// and sequence) is left as it is, so a repeated push stores nothing twice.
    func quarantine(_ entries: [QuarantinedEntry]) async throws

    /// Every quarantined entry, by device then sequence.
    func quarantinedEntries() async throws -> [QuarantinedEntry]

    /// Takes `entries` (by device and sequence) out of the quarantine: a manager released or
    /// discarded them (`QuarantineReview`). Entries no longer there are skipped.
    func removeFromQuarantine(_ entries: [QuarantinedEntry]) async throws

    /// The times of the failed logins counted against each of `keys` (`LoginRateLimiter`)
    /// after `since`, oldest first; a key without any is left out. Kept in the store, so every
    /// server process on one database counts the same failures.
    func loginFailures(for keys: [String], after since: Int64) async throws -> [String: [Int64]]

    /// Counts a failed login at `now` against each of `keys`, and forgets their failures at or
    /// before `expiredBefore`.
    func recordLoginFailure(for keys: [String], at now: Int64, forgettingUpTo expiredBefore: Int64) async throws

    /// Forgets every failed login counted against `key` (a user who signed in).
    func forgetLoginFailures(of key: String) async throws
}

/// One device's token as the store keeps it: never the token itself.
public struct DeviceTokenRecord: Hashable, Sendable, Codable {
    /// The device.
    public var device: DeviceID
    /// Its user.
    public var user: UserID
    /// The name given at login.
    public var deviceName: String?
    /// When the token was issued, ms since 1970.
    public var createdAt: Int64
    /// When it was last used, ms since 1970.
    public var lastUsedAt: Int64?
    /// When it was revoked (logout, revocation, disabling the user), or nil while live.
    public var revokedAt: Int64?

    /// Creates a record.
    public init(device: DeviceID, user: UserID, deviceName: String?, createdAt: Int64, lastUsedAt: Int64?, revokedAt: Int64?) {
        self.device = device
        self.user = user
        self.deviceName = deviceName
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// A push entry of a disabled user, kept instead of applied, for a manager to review.
public struct QuarantinedEntry: Hashable, Sendable, Codable {
    /// The pushing device.
    public var device: DeviceID
    /// The entry's sequence in that device's journal.
    public var sequence: Int64
    /// The user who pushed it.
    public var user: UserID
    /// The entity written.
    public var entity: EntityName
    /// The row written.
    public var rowID: RowID
    /// The field written, or `command:<name>` for a command.
    public var target: String
    /// The value (or the command's arguments) as JSON text.
    public var valueJSON: String
    /// The entry's clock.
    public var clock: String
    /// When the server received it, ms since 1970.
    public var receivedAt: Int64

    /// Creates an entry.
    public init(device: DeviceID, sequence: Int64, user: UserID, entity: EntityName, rowID: RowID, target: String,
                valueJSON: String, clock: String, receivedAt: Int64) {
        self.device = device
        self.sequence = sequence
        self.user = user
        self.entity = entity
        self.rowID = rowID
        self.target = target
        self.valueJSON = valueJSON
        self.clock = clock
        self.receivedAt = receivedAt
    }
}
