import OutpostCore

/// Asks several authenticators in turn and takes the first that knows the token: the server
/// accepts tokens issued by login and the fixture tokens of `--users FILE` side by side.
public struct ChainedAuthenticator: Authenticator {
    private let authenticators: [any Authenticator]

    /// Creates a chain, asked in the order given.
    public init(_ authenticators: [any Authenticator]) {
        self.authenticators = authenticators
    }

    public func user(forToken token: String) async -> UserID? {
        // The plain seam cannot report a failing store: an authenticator that fails knows nothing.
        for authenticator in authenticators {
            if let caller = try? await authenticator.caller(forToken: token) { return caller.user }
        }
        return nil
    }

    public func caller(forToken token: String) async throws -> AuthenticatedCaller? {
        for authenticator in authenticators {
            if let caller = try await authenticator.caller(forToken: token) { return caller }
        }
        return nil
    }
}
