import Hummingbird
import OutpostProtocol

/// Refuses requests whose `Outpost-Protocol` header names a version this server does not
/// speak (invariant 6: old clients get a clear error, never corrupted data). The handshake
/// negotiates in its body and the health check needs no version, so both are exempt. It runs
/// only on served routes (`makeRouter`), so an unknown path is 404 with or without the header.
struct ProtocolVersionMiddleware: RouterMiddleware {
    typealias Context = OutpostRequestContext
    let exemptPaths: Set<String>
    /// The versions this server agrees to (`ServerConfiguration.protocolVersions`).
    let supported: ClosedRange<Int>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !exemptPaths.contains(request.uri.path) else { return try await next(request, context) }
        let sent = request.protocolHeader
        // Written as the spec writes it: a plain decimal number ("2", not "02", "+2" or " 2").
        guard let sent, let version = Int(sent), String(version) == sent, supported.contains(version) else {
            let named = sent.map { sent in Int(sent).map(String.init) == sent ? "v\(sent)" : "'\(sent)' (not a version number: write it as 2, say)" }
            throw ServerError.unsupportedProtocolVersion(sent: named, supported: supported)
        }
        return try await next(request, context)
    }
}

extension Request {
    /// The `Outpost-Protocol` header as sent, nil when absent.
    var protocolHeader: String? {
        let headerName = ProtocolVersion.headerName.lowercased()
        return headers.first { $0.name.canonicalName == headerName }?.value
    }
}
