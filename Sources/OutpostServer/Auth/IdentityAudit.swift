import OutpostCore

/// An identity event the server records as an `audit_log` row: sign-ins (both
/// outcomes), sign-outs, token revocations, password changes, disabling and enabling a user.
/// The row is a server write (`ChangeStore.seed`), so it replicates like any audit row and is
/// linked into the audit chain.
public struct IdentityAudit: Sendable {
    /// What happened: one of `OutpostSchema.AuditLog.actions`.
    public enum Action: String, Sendable {
        /// A successful sign-in (`result` ok) or a sign-in of a disabled user (`result` denied).
        case login
        /// A wrong password, or an unknown mobile number (then the actor is `unknown`).
        case loginFailed = "login_failed"
        /// A device signed out; its token is revoked.
        case logout
        /// An administrator revoked a device's token.
        case tokenRevoked = "token_revoked"
        /// An administrator set a user's password.
        case passwordSet = "password_set"
        /// An administrator disabled a user (every token revoked).
        case userDisabled = "user_disabled"
        /// An administrator enabled a user again.
        case userEnabled = "user_enabled"
        /// An administrator changed a user's allocation (weight, criteria, quota).
        case fieldChange = "field_change"
    }

    /// The actor of a sign-in with an unknown mobile number.
    public static let unknownActor = UserID("unknown")
    /// The actor and device of `outpost-server` admin commands.
    public static let administrator = UserID("admin")

    /// What happened.
    public var action: Action
    /// Who did it.
    public var actor: UserID
    /// From which device (or `outpost-server` for admin commands).
    public var device: String
    /// The user the event is about.
    public var subject: UserID?
    /// The row the event is about when it is no user: an org unit or a role an administrator
    /// added (`entity_type` and `entity_ids` of the audit row); nil for `subject`.
    public var otherSubject: (entity: EntityName, id: RowID)?
    /// Whether it was allowed.
    public var isAllowed: Bool
    /// Why, as a stable code or a short text; never a password or a phone number.
    public var reason: String?
    /// The client's address, or `local` for admin commands.
    public var clientAddress: String

    /// Creates an event.
    public init(_ action: Action, actor: UserID, device: String, subject: UserID?, isAllowed: Bool = true,
                reason: String? = nil, clientAddress: String) {
        self.action = action
        self.actor = actor
        self.device = device
        self.subject = subject
        self.isAllowed = isAllowed
        self.reason = reason
        self.clientAddress = clientAddress
    }

    /// The audit row recording the event at `now`.
    public func row(now: Int64) -> SeedRow {
        var values: [String: FieldValue] = [
            "actor_id": .text(actor.rawValue),
            "device_id": .text(device),
            "action": .text(action.rawValue),
            "entity_type": .text(otherSubject?.entity.rawValue ?? "user"),
            "entity_ids": .list(otherSubject.map { [.text($0.id.rawValue)] } ?? subject.map { [.text($0.rawValue)] } ?? []),
            "occurred_at": .integer(now),
            "received_at": .integer(now),
            "client_ip": .text(clientAddress),
            "result": .text(isAllowed ? "ok" : "denied"),
        ]
        if let reason { values["reason"] = .text(reason) }
        return SeedRow(entity: EntityName("audit_log"), id: UUIDv7.makeRowID(wallMilliseconds: now), values: values)
    }
}

extension ChangeStore {
    /// Records identity events as audit rows, in one server write.
    public func record(_ events: [IdentityAudit], now: Int64) async throws {
        try await seed(events.map { $0.row(now: now) }, serverNow: now)
    }
}
