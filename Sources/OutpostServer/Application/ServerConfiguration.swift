import Foundation
import OutpostCore
import OutpostProtocol

/// Everything the server needs to know that is not data: limits, the clock budget and the
/// source of wall-clock time.
public struct ServerConfiguration: Sendable {
    /// The largest request body accepted, counted after gzip decompression.
    public var maximumBodyBytes: Int
    /// The most entries one push may carry.
    public var maximumPushBatch: Int
    /// The most rows one pull page may carry.
    public var maximumPageSize: Int
    /// The most requests one user may have in progress at once.
    public var maximumConcurrentRequestsPerUser: Int
    /// How far ahead of server time a pushed clock may be.
    public var skewBudget: ClockSkewBudget
    /// The server's wall clock in ms since 1970: the only place the server reads time.
    public var now: @Sendable () -> Int64
    /// How failed logins are limited per user and per client address.
    public var loginRateLimit: LoginRateLimiter.Policy
    /// How passwords are hashed (the decoy for unknown mobile numbers uses its cost).
    public var passwordHasher: PasswordHasher
    /// The protocol versions this server agrees to (all this build speaks by default); a
    /// narrower range holds clients to an older version, as a server of that version would.
    public var protocolVersions: ClosedRange<Int>

    /// Creates a configuration with production defaults.
    public init(maximumBodyBytes: Int = 4 * 1024 * 1024, maximumPushBatch: Int = 1000, maximumPageSize: Int = 1000,
                maximumConcurrentRequestsPerUser: Int = 8, skewBudget: ClockSkewBudget = ClockSkewBudget(),
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) },
                loginRateLimit: LoginRateLimiter.Policy = LoginRateLimiter.Policy(), passwordHasher: PasswordHasher = PasswordHasher(),
                protocolVersions: ClosedRange<Int> = ProtocolVersion.supported) {
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumPushBatch = maximumPushBatch
        self.maximumPageSize = maximumPageSize
        self.maximumConcurrentRequestsPerUser = maximumConcurrentRequestsPerUser
        self.skewBudget = skewBudget
        self.now = now
        self.loginRateLimit = loginRateLimit
        self.passwordHasher = passwordHasher
        self.protocolVersions = protocolVersions
    }
}
