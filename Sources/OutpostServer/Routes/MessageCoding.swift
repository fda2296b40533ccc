import Foundation
import Hummingbird
import OutpostProtocol

extension Request {
    /// Decodes the (already size-checked) body as a wire message.
    /// - Throws: `ServerError.unsupportedMediaType` for a body that is not `application/json`
    ///   (parameters such as `charset` aside), `ServerError.malformedRequest` naming what is
    ///   wrong (a NUL character in a string among it).
    func decodeMessage<Message: Decodable>(_ type: Message.Type, context: OutpostRequestContext) async throws -> Message {
        if let contentType = headers[.contentType],
           contentType.split(separator: ";", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces).lowercased() != "application/json" {
            throw ServerError.unsupportedMediaType(contentType)
        }
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        if buffer.withUnsafeReadableBytes({ EscapedNullCharacter.occurs(in: $0) }) {
            throw ServerError.malformedRequest("A string holds a NUL character (\\u0000), which no field may hold.")
        }
        let data = Data(buffer: buffer)
        do {
            return try WireCoding.decode(Message.self, from: data)
        } catch let error as DuplicateKeyError {
            throw ServerError.malformedRequest(error.description)
        } catch let error as DecodingError {
            throw ServerError.malformedRequest(Self.describe(error, of: data))
        } catch {
            throw ServerError.malformedRequest(Self.whyUnreadable(data))
        }
    }

    private static func describe(_ error: DecodingError, of data: Data) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "the body" : names.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? whyUnreadable(data) : "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "Missing field '\(key.stringValue)' in \(path(context))."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "Wrong type at \(path(context)): \(context.debugDescription)"
        @unknown default:
            return "The body does not match the message."
        }
    }

    /// What is wrong with a body the decoder refused without saying where: Foundation's
    /// decoder answers "not valid JSON" for text that is not UTF-8, for broken JSON, and for a
    /// number that does not fit its field (`"sequence": 5.5`) alike. Runs on refusals only.
    private static func whyUnreadable(_ data: Data) -> String {
        guard String(validating: data, as: UTF8.self) != nil else { return "The body is not UTF-8 text." }
        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            return "The body is not valid JSON."
        }
        return "The body is JSON, but a number in it does not fit its field: a whole number within 64 bits is expected (no fraction, no exponent)."
    }
}

/// Builds JSON responses, gzipped when the client accepts it and the body is worth it.
enum MessageResponse {
    static func json(_ message: some Encodable, for request: Request) throws -> Response {
        try json(bytes: try WireCoding.encode(message), for: request)
    }

    /// A response carrying `bytes`, already JSON (a pull page, `EncodedPullPage`).
    static func json(bytes: some Collection<UInt8>, for request: Request) throws -> Response {
        var buffer = ByteBuffer(bytes: bytes)
        var headers: HTTPFields = [.contentType: "application/json"]
        let acceptsGzip = request.headers[.acceptEncoding]?.contains("gzip") ?? false
        if acceptsGzip, buffer.readableBytes > 1024 {
            buffer = try GzipBody.compress(buffer)
            headers[.contentEncoding] = "gzip"
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// The layout pull pages take for `request`'s protocol version (`CompactPullPage` from v2 on).
    static func pullPageLayout(for request: Request) -> PullPageWriter.Layout {
        // `ProtocolVersionMiddleware` let the request through: its header names a version spoken here.
        let version = request.protocolHeader.flatMap { Int($0) } ?? ProtocolVersion.current
        return version >= ProtocolVersion.compactPullPages ? .compact : .plain
    }
}
