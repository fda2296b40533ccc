import Foundation
import OutpostCore

/// Turns a bearer token into the user it belongs to. The one seam for identity: a fixture
/// list (`TokenDirectory`), per-device tokens issued by login (`DeviceTokenAuthenticator`), or
/// both in turn (`ChainedAuthenticator`).
public protocol Authenticator: Sendable {
    /// The user the token belongs to, or nil when it is unknown or revoked.
    func user(forToken token: String) async -> UserID?

    /// The user the token belongs to and, for a per-device token, its device; nil when the
    /// token is unknown or revoked. By default the user alone.
    /// - Throws: when the authenticator cannot answer (its store fails): a server error, not a bad token.
    func caller(forToken token: String) async throws -> AuthenticatedCaller?
}

extension Authenticator {
    public func caller(forToken token: String) async throws -> AuthenticatedCaller? {
        await user(forToken: token).map { AuthenticatedCaller(user: $0, device: nil) }
    }
}

/// Who sent a request: the token's user and, when the token is bound to one, its device.
public struct AuthenticatedCaller: Hashable, Sendable {
    /// The token's user.
    public var user: UserID
    /// The device a per-device token was issued to; nil for a fixture token.
    public var device: DeviceID?
    /// When the device signed in for this token (server time, ms); nil for a fixture token.
    public var signedInAt: Int64?

    /// Creates a caller.
    public init(user: UserID, device: DeviceID?, signedInAt: Int64? = nil) {
        self.user = user
        self.device = device
        self.signedInAt = signedInAt
    }
}

/// A fixed list of users and their tokens, loaded from a JSON file such as
/// `fixtures/demo-org/users.json`.
public struct TokenDirectory: Authenticator {
    /// One entry of the list.
    public struct Entry: Codable, Sendable {
        /// The user's id.
        public var userID: UserID
        /// The user's display name.
        public var name: String
        /// The user's access token.
        public var token: String

        /// Creates an entry.
        public init(userID: UserID, name: String, token: String) {
            self.userID = userID
            self.name = name
            self.token = token
        }
    }

    private let usersByToken: [String: UserID]

    /// Creates a directory from entries.
    public init(_ entries: [Entry]) {
        usersByToken = Dictionary(entries.map { ($0.token, $0.userID) }, uniquingKeysWith: { first, _ in first })
    }

    /// Loads a directory from a JSON array of entries.
    public init(contentsOf url: URL) throws {
        self.init(try JSONDecoder().decode([Entry].self, from: Data(contentsOf: url)))
    }

    public func user(forToken token: String) async -> UserID? {
        // Compare every entry in full so the time taken does not reveal how much of a token matched.
        var found: UserID?
        for (candidate, user) in usersByToken where constantTimeEquals(candidate, token) {
            found = user
        }
        return found
    }

    private func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<min(left.count, right.count) {
            difference |= left[index] ^ right[index]
        }
        return difference == 0
    }
}
