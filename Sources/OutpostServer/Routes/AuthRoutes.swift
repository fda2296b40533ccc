import Hummingbird
import OutpostCore
import OutpostProtocol

/// `/v1/login` and `/v1/logout`: a device signs in with mobile and password for its own token,
/// and signs out by revoking it (protocol/auth.md).
struct AuthRoutes {
    let service: LoginService

    func add(to router: some RouterMethods<OutpostRequestContext>) {
        router.post("/v1/login") { request, context in try await login(request, context) }
        router.post("/v1/logout") { request, context in try await logout(request, context) }
    }

    private func login(_ request: Request, _ context: OutpostRequestContext) async throws -> Response {
        let login = try await request.decodeMessage(LoginRequest.self, context: context)
        try SentDeviceID.check(login.deviceID)
        try SentDeviceID.check(name: login.deviceName)
        let answer = try await service.login(login, clientAddress: context.clientAddress)
        return try MessageResponse.json(answer, for: request)
    }

    private func logout(_ request: Request, _ context: OutpostRequestContext) async throws -> Response {
        let caller = AuthenticatedCaller(user: try context.requireUser(), device: context.device)
        guard let token = request.bearerToken else { throw ServerError.invalidToken }
        try await service.logout(token: token, caller: caller, clientAddress: context.clientAddress)
        return Response(status: .noContent)
    }
}
