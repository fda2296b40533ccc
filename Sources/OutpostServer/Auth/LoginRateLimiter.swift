/// Counts failed logins per user and per client address, in memory, and says how long to wait
/// once either has failed too often within the window (`auth.rate_limited`).
///
/// In memory on purpose: a restart forgets the counts, and several server processes count
/// apart; each still caps guessing at a few tries per window.
public actor LoginRateLimiter {
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
    private var failures: [String: [Int64]] = [:]

    /// Creates a limiter with `policy`.
    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// The seconds to wait before any of `keys` may try again, or nil when none is blocked.
    public func retryAfter(for keys: [String], now: Int64) -> Int? {
        let waits = keys.compactMap { key -> Int64? in
            let recent = prune(key, now: now)
            guard recent.count >= policy.maximumFailures, let oldest = recent.first else { return nil }
            return oldest + policy.windowMilliseconds - now
        }
        return waits.max().map { Int(($0 + 999) / 1000) }
    }

    /// Counts a failure against each of `keys`.
    public func recordFailure(for keys: [String], now: Int64) {
        for key in keys {
            failures[key] = prune(key, now: now) + [now]
        }
    }

    /// Forgets the failures of `key` (a user who signed in).
    public func forget(_ key: String) {
        failures[key] = nil
    }

    // MARK: - Private

    private func prune(_ key: String, now: Int64) -> [Int64] {
        let recent = (failures[key] ?? []).filter { $0 > now - policy.windowMilliseconds }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
