import Hummingbird
import OutpostCore

/// The per-request context: Hummingbird's core storage plus the authenticated user, the
/// device a per-device token is bound to, and the client's address.
public struct OutpostRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The user whose token authenticated the request (nil before `AuthMiddleware` ran).
    public var user: UserID?
    /// The device the request's token was issued to at login; nil for a fixture token.
    public var device: DeviceID?
    /// When that device signed in for the token (server time, ms); nil for a fixture token.
    public var signedInAt: Int64?
    /// The client's IP address, for the login rate limit and audit rows.
    public var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
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

    /// Refuses a message naming another device than the one the token was issued to.
    /// - Throws: `ServerError.tokenForAnotherDevice` when the token is bound to another device.
    public func requireDevice(_ named: DeviceID) throws {
        if let device, device != named { throw ServerError.tokenForAnotherDevice(sent: named.rawValue, tokenDevice: device.rawValue) }
    }
}
