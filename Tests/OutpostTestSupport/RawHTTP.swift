import CompressNIO
import Foundation
import NIOCore
import NIOFoundationCompat
import OutpostProtocol
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An HTTP answer as a hostile or broken client would see it.
public struct RawAnswer: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The body.
    public var body: Data
    /// The answer's headers, by name as the server wrote it.
    public var headers: [String: String] = [:]

    /// The body as problem details, when it is one.
    public var problem: ProblemDetails? { try? JSONDecoder().decode(ProblemDetails.self, from: body) }
}

/// Sends exactly the bytes given, bypassing the client library, for bad-input tests.
public func sendRaw(_ method: String, _ path: String, to server: RunningServer, body: Data? = nil,
                    headers: [String: String] = [:]) async throws -> RawAnswer {
    var request = URLRequest(url: URL(string: path, relativeTo: server.url)!, timeoutInterval: 10)
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    request.httpBody = body
    let (data, response) = try await URLSession.shared.data(for: request)
    let http = response as? HTTPURLResponse
    var answerHeaders: [String: String] = [:]
    for (name, value) in http?.allHeaderFields ?? [:] {
        if let name = name as? String, let value = value as? String { answerHeaders[name] = value }
    }
    return RawAnswer(status: http?.statusCode ?? 0, body: data, headers: answerHeaders)
}

/// The headers of a well-behaved request from `token`'s owner.
public func validHeaders(token: String, protocolVersion: String = "1") -> [String: String] {
    ["Authorization": "Bearer \(token)", "Outpost-Protocol": protocolVersion, "Content-Type": "application/json"]
}

/// gzip-compresses `data`.
public func gzip(_ data: Data) throws -> Data {
    var buffer = ByteBuffer(bytes: data)
    return Data(buffer: try buffer.compress(with: .gzip()))
}
