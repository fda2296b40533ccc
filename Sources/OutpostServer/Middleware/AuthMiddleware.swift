import Hummingbird

/// Authenticates `Authorization: Bearer <token>` through the `Authenticator` seam and puts
/// the user in the context; anything else is `auth.invalid_token`.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = OutpostRequestContext
    let authenticator: any Authenticator
    let exemptPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !exemptPaths.contains(request.uri.path) else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let user = await authenticator.user(forToken: String(header.dropFirst("Bearer ".count))) else {
            throw ServerError.invalidToken
        }
        var context = context
        context.user = user
        return try await next(request, context)
    }
}
