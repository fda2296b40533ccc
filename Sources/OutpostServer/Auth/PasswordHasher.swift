import HummingbirdBcrypt
import NIOPosix

/// Hashes and checks passwords with bcrypt, off the cooperative thread pool: bcrypt is slow on
/// purpose, and a request waiting for it must not hold up the others.
public struct PasswordHasher: Sendable {
    /// bcrypt's cost (log2 of its rounds) for new hashes; a stored hash keeps the cost it was made with.
    public var cost: UInt8

    /// Creates a hasher.
    /// - Parameter cost: 12 in production; tests may pass 4 for speed.
    public init(cost: UInt8 = 12) {
        self.cost = cost
    }

    /// The bcrypt hash of `password`, with a fresh salt.
    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`.
    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
