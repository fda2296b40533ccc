/// Counts failed logins per user and per client address, and says how long to wait once
/// either has failed too often within the window (`auth.rate_limited`, spec §15.1).
///
/// The failures are kept in the store (`IdentityStore.loginFailures`), so every server process
/// on one database counts the same ones, and a restart forgets none: behind a load balancer, a
/// guesser gets the policy's tries per window in all, not per process.
public struct LoginRateLimiter: Sendable {
    /// How many failures within how long.
    public struct Policy: Sendable {
        /// Failures that block the next attempt.
        public var maximumFailures: Int
        /// The window they are counted in, ms.
        public var windowMilliseconds: Int64

        /// Creates a policy: by default 5 failures in 15 minutes.
        public init(maximumFailures: Int = 5, windowMilliseconds: Int64 = 15 * 60_000) {
            self.maximumFailures = maximumFailures
            self.windowMilliseconds = windowMilliseconds
        }
    }

    private let policy: Policy
    private let store: any IdentityStore

    /// Creates a limiter with `policy`, counting in `store`.
    public init(policy: Policy = Policy(), store: any IdentityStore) {
        self.policy = policy
        self.store = store
    }

    /// The seconds to wait before any of `keys` may try again, or nil when none is blocked.
    public func retryAfter(for keys: [String], now: Int64) async throws -> Int? {
        let failures = try await store.loginFailures(for: keys, after: now - policy.windowMilliseconds)
        let waits = failures.values.compactMap { recent -> Int64? in
            guard recent.count >= policy.maximumFailures else { return nil }
            // The wait ends when enough of the oldest have left the window.
            return recent[recent.count - policy.maximumFailures] + policy.windowMilliseconds - now
        }
        return waits.max().map { Int(($0 + 999) / 1000) }
    }

    /// Counts a failure against each of `keys`.
    public func recordFailure(for keys: [String], now: Int64) async throws {
        try await store.recordLoginFailure(for: keys, at: now, forgettingUpTo: now - policy.windowMilliseconds)
    }

    /// Forgets the failures of `key` (a user who signed in).
    public func forget(_ key: String) async throws {
        try await store.forgetLoginFailures(of: key)
    }
}
