import OutpostCore
import OutpostProtocol

/// Signs a device in (`POST /v1/login`) and out (`POST /v1/logout`): checks the password,
/// counts failures, issues the device's token and records each outcome in the audit log.
///
/// A wrong password and an unknown mobile number fail alike, with `auth.invalid_credentials`
/// after one bcrypt check each (an unknown number is checked against a decoy hash), so neither
/// the answer nor its time tells which numbers belong to users.
struct LoginService: Sendable {
    let store: any ChangeStore
    let schema: Schema
    let hasher: PasswordHasher
    let limiter: LoginRateLimiter
    let decoy: DecoyPasswordHash
    let now: @Sendable () -> Int64

    /// Issues a token for the request's device.
    /// - Throws: `ServerError.loginRateLimited`, `.invalidCredentials`, `.userDisabled`, `.deviceMismatch`.
    func login(_ request: LoginRequest, clientAddress: String) async throws -> LoginResponse {
        let now = now()
        // Made before anything else, so even the process's first login costs the same on every path.
        let decoyHash = try await decoy.value(using: hasher)
        let mobile = schema.normalizedMobile(request.mobile)
        let user = if let mobile { try await store.user(withMobile: mobile) } else { UserID?.none }
        let keys = ["address:\(clientAddress)"] + (user.map { ["user:\($0.rawValue)"] } ?? [])
        if let wait = try await limiter.retryAfter(for: keys, now: now) {
            throw ServerError.loginRateLimited(retryAfterSeconds: wait)
        }
        let hash = if let user { try await store.passwordHash(of: user) } else { String?.none }
        let matches = try await hasher.verify(request.password, against: hash ?? decoyHash)
        guard let user, hash != nil, matches else {
            try await limiter.recordFailure(for: keys, now: now)
            try await store.record([IdentityAudit(.loginFailed, actor: user ?? IdentityAudit.unknownActor, device: request.deviceID.rawValue,
                                                  subject: user, isAllowed: false, reason: ErrorCode.invalidCredentials.rawValue,
                                                  clientAddress: clientAddress)], now: now)
            throw ServerError.invalidCredentials
        }
        guard try await store.status(of: user) != UserStatus.disabled else {
            try await store.record([IdentityAudit(.login, actor: user, device: request.deviceID.rawValue, subject: user, isAllowed: false,
                                                  reason: ErrorCode.userDisabled.rawValue, clientAddress: clientAddress)], now: now)
            throw ServerError.userDisabled
        }
        let token = DeviceToken.make()
        try await store.issueToken(hash: DeviceToken.hash(token), user: user, device: request.deviceID,
                                   deviceName: request.deviceName, now: now)
        try await limiter.forget("user:\(user.rawValue)")
        try await store.record([IdentityAudit(.login, actor: user, device: request.deviceID.rawValue, subject: user,
                                              clientAddress: clientAddress)], now: now)
        return LoginResponse(token: token, userID: user, deviceID: request.deviceID)
    }

    /// Revokes the caller's token. A fixture token (`--users FILE`) is not the store's to
    /// revoke and stays valid.
    func logout(token: String, caller: AuthenticatedCaller, clientAddress: String) async throws {
        let now = now()
        guard let revoked = try await store.revokeToken(hash: DeviceToken.hash(token), now: now) else { return }
        try await store.record([IdentityAudit(.logout, actor: caller.user, device: revoked.device.rawValue, subject: caller.user,
                                              clientAddress: clientAddress)], now: now)
    }
}
