import Hummingbird
import OutpostCore

/// The per-request context: Hummingbird's core storage plus the authenticated user.
public struct OutpostRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The user whose token authenticated the request (nil before `AuthMiddleware` ran).
    public var user: UserID?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
    }

    /// A backstop only: `BodyLimitMiddleware` enforces the configured limit, counting the
    /// decompressed size, before anything decodes the body.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }

    /// The authenticated user.
    /// - Throws: `ServerError.invalidToken` when the request was not authenticated.
    public func requireUser() throws -> UserID {
        guard let user else { throw ServerError.invalidToken }
        return user
    }
}
