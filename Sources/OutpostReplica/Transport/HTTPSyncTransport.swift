import CompressNIO
import NIOCore
import NIOFoundationCompat
import Foundation
import OutpostProtocol
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The sync transport over HTTP/1.1: one reused `URLSession` (keep-alive), JSON bodies with
/// an explicit content type, gzip request bodies (libcurl never compresses them), gzip
/// answers (libcurl inflates them), and URL errors mapped to `TransportError`.
public final class HTTPSyncTransport: SyncTransport, @unchecked Sendable {
    // @unchecked: `agreedVersion` is only touched under `versionLock`; the rest are constants.
    private let baseURL: URL
    private let token: String
    private let session: URLSession
    private let timeout: TimeInterval
    /// Bodies smaller than this go uncompressed; gzip would not pay for itself.
    private let compressionThreshold = 1024
    private let versionLock = NSLock()
    /// The version the last handshake agreed on (this build's own before any handshake): sent
    /// as `Outpost-Protocol`, and it decides the layout of pull answers.
    private var agreedVersion = ProtocolVersion.current

    /// Creates a transport for `baseURL`, authenticating with `token` (empty: none, to sign in).
    public init(baseURL: URL, token: String, timeout: TimeInterval = 30) {
        // Relative paths resolve against the last "/": keep a path prefix such as /outpost.
        self.baseURL = baseURL.absoluteString.hasSuffix("/") ? baseURL : baseURL.appendingPathComponent("")
        self.token = token
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = 2
        // Sync answers are never served twice: no cache lookups and stores on every round trip.
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        // The bearer token is the only credential: no cookie storage to consult on every request
        // nor response headers to parse for cookies (~6% of a small push's client time).
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    public func handshake(_ request: HandshakeRequest) async throws -> HandshakeResponse {
        let answer: HandshakeResponse = try await send("POST", "v1/handshake", body: request)
        // An older server agrees on an older version: speak it until the next handshake.
        versionLock.withLock { agreedVersion = answer.protocolVersion }
        return answer
    }

    public func push(_ request: PushRequest) async throws -> PushResponse {
        try await send("POST", "v1/push", body: request)
    }

    public func pull(_ request: PullRequest) async throws -> PullPage {
        try await pullArriving(request).page()
    }

    /// The answer's headers are read at once; its rows when `page()` is called.
    public func pullArriving(_ request: PullRequest) async throws -> ArrivingPullPage {
        let compact = version >= ProtocolVersion.compactPullPages
        let (data, answer) = try await exchange("POST", "v1/pull", body: request)
        let announced = NextPageHeaders(cursor: answer.http.value(forHTTPHeaderField: NextPageHeaders.cursorName),
                                        hasMore: answer.http.value(forHTTPHeaderField: NextPageHeaders.hasMoreName))
        return ArrivingPullPage(announced: announced) {
            compact ? try answer.decode(CompactPullPage.self, from: data).page : try answer.decode(PullPage.self, from: data)
        }
    }

    public func conflicts(after position: Int64, limit: Int) async throws -> ConflictList {
        try await send("GET", "v1/conflicts?after=\(position)&limit=\(limit)", body: Optional<PullRequest>.none)
    }

    /// Signs a device in with a mobile number and password (`POST /v1/login`, `auth.md`):
    /// the answer carries the device's token, shown this once. Needs no token of its own.
    public func login(_ request: LoginRequest) async throws -> LoginResponse {
        try await send("POST", "v1/login", body: request)
    }

    /// Ends this device's session (`POST /v1/logout`): the token stops working on the server.
    public func logout() async throws {
        _ = try await exchange("POST", "v1/logout", body: Optional<PullRequest>.none)
    }

    // MARK: - Private

    private var version: Int { versionLock.withLock { agreedVersion } }

    private func send<Answer: Decodable>(_ method: String, _ path: String, body: (some Encodable)?) async throws -> Answer {
        let (data, answer) = try await exchange(method, path, body: body)
        return try answer.decode(Answer.self, from: data)
    }

    /// A successful (2xx) answer: where it came from, to decode its body.
    private struct Answer: Sendable {
        let url: String
        let http: HTTPURLResponse

        /// The body as `Message`.
        /// - Throws: `TransportError.unexpectedAnswer` when it is not one.
        func decode<Message: Decodable>(_ type: Message.Type, from data: Data) throws -> Message {
            do {
                return try WireCoding.decode(Message.self, from: data)
            } catch {
                throw TransportError.unexpectedAnswer(url: url, status: http.statusCode, reason: "undecodable body")
            }
        }
    }

    /// Sends a request and returns the body of a successful answer.
    /// - Throws: `TransportError` for a network failure, or an answer that is not 2xx.
    private func exchange(_ method: String, _ path: String, body: (some Encodable)?) async throws -> (Data, Answer) {
        guard let url = URL(string: path, relativeTo: baseURL) else {
            throw TransportError.cannotConnect(url: baseURL.absoluteString + path, reason: "not a valid address")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        if !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.setValue(String(version), forHTTPHeaderField: ProtocolVersion.headerName)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("outpost/\(ProtocolVersion.current)", forHTTPHeaderField: "User-Agent")
        if let body {
            let json = try WireCoding.encode(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            if json.count >= compressionThreshold {
                var buffer = ByteBuffer(bytes: json)
                let compressed = try buffer.compress(with: .gzip())
                request.httpBody = Data(buffer: compressed)
                request.setValue("gzip", forHTTPHeaderField: "Content-Encoding")
            } else {
                request.httpBody = json
            }
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError {
            throw map(error, url: url)
        }
        guard let http = response as? HTTPURLResponse else {
            throw TransportError.unexpectedAnswer(url: url.absoluteString, status: 0, reason: "not HTTP")
        }
        let decoder = WireCoding.makeDecoder()
        guard (200..<300).contains(http.statusCode) else {
            if let problem = try? decoder.decode(ProblemDetails.self, from: data) {
                throw TransportError.server(problem)
            }
            throw TransportError.unexpectedAnswer(url: url.absoluteString, status: http.statusCode, reason: "no problem details")
        }
        return (data, Answer(url: url.absoluteString, http: http))
    }

    private func map(_ error: URLError, url: URL) -> TransportError {
        switch error.code {
        case .timedOut:
            .timedOut(url: url.absoluteString, seconds: timeout)
        case .cannotConnectToHost, .cannotFindHost, .networkConnectionLost, .notConnectedToInternet, .dnsLookupFailed:
            .cannotConnect(url: url.absoluteString, reason: "connection failed, code \(error.code.rawValue)")
        default:
            .cannotConnect(url: url.absoluteString, reason: "URL error \(error.code.rawValue)")
        }
    }
}
