import OutpostCore

/// Authenticates the per-device tokens issued by `POST /v1/login`: looks the token's SHA-256
/// hash up in the store and refuses revoked ones. The user's status is checked by the routes
/// (`user.disabled`), not here, so a disabled user's push still reaches the quarantine.
public struct DeviceTokenAuthenticator: Authenticator {
    private let store: any IdentityStore
    private let now: @Sendable () -> Int64

    /// Creates an authenticator on `store`, noting each token's use at `now()`.
    public init(store: any IdentityStore, now: @escaping @Sendable () -> Int64) {
        self.store = store
        self.now = now
    }

    public func user(forToken token: String) async -> UserID? {
        // The plain seam cannot report a failing store: a store that cannot answer knows nothing.
        try? await caller(forToken: token)?.user
    }

    public func caller(forToken token: String) async throws -> AuthenticatedCaller? {
        try await store.caller(forTokenHash: DeviceToken.hash(token), now: now())
    }
}
