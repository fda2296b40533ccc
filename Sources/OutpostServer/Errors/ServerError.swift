import Hummingbird
import OutpostProtocol

/// Every error a client can cause, with its stable code and a message that says what
/// happened and what to do next. Route handlers and the store just `throw`; the one
/// conversion to `application/problem+json` is `response(from:context:)`.
public enum ServerError: Error, Equatable, Sendable {
    case unsupportedProtocolVersion(sent: String?, supported: ClosedRange<Int>)
    case malformedRequest(String)
    /// A query parameter that is not what the route takes.
    case malformedQuery(String)
    case requestTooLarge(limitBytes: Int)
    case tooManyChanges(sent: Int, limit: Int)
    case unsupportedMediaType(String)
    case tooManyConcurrentRequests(limit: Int)
    case invalidToken
    case invalidCredentials
    case loginRateLimited(retryAfterSeconds: Int)
    case userDisabled
    case deviceMismatch(device: String)
    /// A device token (from `POST /v1/login`) sent for another device than its own.
    case tokenForAnotherDevice(sent: String, tokenDevice: String)
    case notFound(path: String)
    case invalidCursor(String)
    case cursorAhead(cursor: String)
    /// An ingest the server refused (`ingest.position_not_allowed`, `ingest.unknown_team`,
    /// `ingest.invalid_value`); nothing was written.
    case ingestRefused(code: ErrorCode, detail: String)
    case internalFailure

    /// The problem details sent to the client.
    public var problem: ProblemDetails {
        switch self {
        case let .unsupportedProtocolVersion(sent, supported):
            ProblemDetails(
                code: .unsupportedProtocolVersion, title: "Unsupported protocol version",
                detail: (sent.map { "This client speaks protocol \($0)" } ?? "This request names no protocol version (its Outpost-Protocol header is missing)")
                    + "; the server accepts v\(supported.lowerBound) to v\(supported.upperBound). Update the outpost app, then sync again.",
                status: 400)
        case .malformedRequest(let reason):
            ProblemDetails(code: .malformedRequest, title: "Malformed request",
                           detail: "The request body is not a valid message: \(reason) Nothing was changed.", status: 400)
        case .malformedQuery(let reason):
            ProblemDetails(code: .malformedRequest, title: "Malformed request",
                           detail: "The request's query is not valid: \(reason) Nothing was changed.", status: 400)
        case .requestTooLarge(let limit):
            ProblemDetails(code: .requestTooLarge, title: "Request too large",
                           detail: "The request body exceeds \(limit) bytes (after decompression). Send fewer changes per push.", status: 413)
        case let .tooManyChanges(sent, limit):
            ProblemDetails(code: .requestTooLarge, title: "Too many changes",
                           detail: "A push carries at most \(limit) entries (changes and commands); this one has \(sent). Send them in smaller batches.", status: 413)
        case .unsupportedMediaType(let type):
            ProblemDetails(code: .unsupportedMediaType, title: "Unsupported media type",
                           detail: "Bodies must be application/json, not '\(type)'. Set Content-Type: application/json.", status: 415)
        case .tooManyConcurrentRequests(let limit):
            ProblemDetails(code: .tooManyConcurrentRequests, title: "Too many concurrent requests",
                           detail: "This user already has \(limit) requests in progress. Wait for them to finish, then retry.", status: 429)
        case .invalidToken:
            ProblemDetails(code: .invalidToken, title: "Invalid token",
                           detail: "The access token is missing, unknown or revoked. Sign in again with `outpost init`.", status: 401)
        case .invalidCredentials:
            ProblemDetails(code: .invalidCredentials, title: "Invalid credentials",
                           detail: "The mobile number or the password is wrong. Check both and sign in again; after 5 failures, sign-in pauses for 15 minutes.", status: 401)
        case .loginRateLimited(let seconds):
            ProblemDetails(code: .rateLimited, title: "Too many failed sign-ins",
                           detail: "Sign-in failed too often for this user or from this address. Wait \(seconds) seconds, then try again, or ask your manager to reset the password.", status: 429)
        case .userDisabled:
            ProblemDetails(code: .userDisabled, title: "User disabled",
                           detail: "This user is disabled and can no longer sign in or sync. Ask your manager: changes pushed from now on are kept for their review.", status: 403)
        case .deviceMismatch(let device):
            ProblemDetails(code: .deviceMismatch, title: "Device belongs to another user",
                           detail: "Device '\(device)' is registered to another user. Create a new replica with `outpost init` for this user.", status: 403)
        case let .tokenForAnotherDevice(sent, tokenDevice):
            ProblemDetails(code: .deviceMismatch, title: "Token of another device",
                           detail: "This token was issued to device '\(tokenDevice)', not '\(sent)'. Each laptop signs in for its own token: run `outpost init --mobile …` on it.", status: 403)
        case .notFound(let path):
            ProblemDetails(code: .notFound, title: "Not found",
                           detail: "There is no endpoint at '\(path)'. See protocol/openapi.yaml for the routes.", status: 404)
        case .invalidCursor(let cursor):
            ProblemDetails(code: .invalidCursor, title: "Invalid cursor",
                           detail: "The cursor '\(cursor)' was not issued by this server. Pull without a cursor to bootstrap again.", status: 400)
        case .cursorAhead(let cursor):
            ProblemDetails(code: .invalidCursor, title: "Cursor ahead of server",
                           detail: "The cursor '\(cursor)' lies ahead of this server's change log (was it restored from a backup?). Re-bootstrap this replica.", status: 409)
        case let .ingestRefused(code, detail):
            ProblemDetails(code: code, title: "Ingest refused", detail: detail,
                           status: code == .ingestPositionNotAllowed || code == .ingestOutsideBranch ? 403 : 422)
        case .internalFailure:
            ProblemDetails(code: .internalError, title: "Internal server error",
                           detail: "The server failed to handle the request. Nothing was half-applied; retry the sync.", status: 500)
        }
    }
}

extension ServerError: HTTPResponseError {
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: problem.status) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try WireCoding.makeEncoder().encode(problem)
        var headers: HTTPFields = [.contentType: ProblemDetails.mediaType]
        if case .loginRateLimited(let seconds) = self {
            headers[.retryAfter] = String(seconds)
        }
        return Response(
            status: status,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
