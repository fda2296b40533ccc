import Hummingbird

/// Authenticates `Authorization: Bearer <token>` through the `Authenticator` seam and puts
/// the user (and the token's device, when it has one) in the context; anything else is
/// `auth.invalid_token`.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = OutpostRequestContext
    let authenticator: any Authenticator
    let exemptPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !exemptPaths.contains(request.uri.path) else { return try await next(request, context) }
        guard let token = request.bearerToken, let caller = try await authenticator.caller(forToken: token) else {
            throw ServerError.invalidToken
        }
        var context = context
        context.user = caller.user
        context.device = caller.device
        context.signedInAt = caller.signedInAt
        return try await next(request, context)
    }
}

extension Request {
    /// The token of an `Authorization: Bearer <token>` header, or nil.
    var bearerToken: String? {
        guard let header = headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        return String(header.dropFirst("Bearer ".count))
    }
}
