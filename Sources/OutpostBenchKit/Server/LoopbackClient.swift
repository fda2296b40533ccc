import CompressNIO
import Foundation
import NIOCore
import NIOFoundationCompat
import OutpostProtocol
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Raw HTTP to the sync server for what the client library does not expose: sending request
/// bodies encoded before the clock starts (S2 measures the server, not the client's JSON
/// encoder) and reading the compressed size of answers (S7).
final class LoopbackClient: Sendable {
    private let baseURL: URL
    private let session: URLSession

    init(baseURL: URL) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 120
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// A message as the client library sends it: wire JSON, gzip-compressed.
    static func gzippedJSON(_ message: some Encodable) throws -> Data {
        var buffer = ByteBuffer(bytes: try WireCoding.makeEncoder().encode(message))
        return Data(buffer: try buffer.compress(with: .gzip()))
    }

    /// gzip-compresses bytes with the settings the server uses for answers.
    static func gzip(_ data: Data) throws -> Data {
        var buffer = ByteBuffer(bytes: data)
        return Data(buffer: try buffer.compress(with: .gzip()))
    }

    /// POSTs a gzip body as `token`'s owner.
    /// - Returns: the (inflated) answer and the number of bytes that crossed the wire for it.
    func post(_ path: String, gzippedBody: Data, token: String) async throws -> (body: Data, wireBytes: Int) {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!, timeoutInterval: 120)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue(String(ProtocolVersion.current), forHTTPHeaderField: ProtocolVersion.headerName)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("gzip", forHTTPHeaderField: "Content-Encoding")
        request.httpBody = gzippedBody
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw BenchError.unexpectedAnswer("\(path): not HTTP") }
        guard http.statusCode == 200 else {
            throw BenchError.unexpectedAnswer("\(path): HTTP \(http.statusCode) \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        // libcurl inflates gzip answers but leaves the compressed Content-Length visible.
        let wireBytes = http.value(forHTTPHeaderField: "Content-Length").flatMap(Int.init) ?? data.count
        return (data, wireBytes)
    }
}
