import CompressNIO
import Hummingbird
import NIOCore

/// Reads the whole request body up to the configured limit, inflating a gzip body
/// (`Content-Encoding: gzip`) with the same limit on its expanded size, so neither a huge
/// body nor a gzip bomb gets past this point.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = OutpostRequestContext
    let maximumBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            throw ServerError.requestTooLarge(limitBytes: maximumBodyBytes)
        }
        if let encoding = request.headers[.contentEncoding]?.lowercased(), encoding != "identity" {
            guard encoding == "gzip" else {
                throw ServerError.malformedRequest("Content-Encoding '\(encoding)' is not supported; send gzip or nothing.")
            }
            do {
                body = try body.decompress(with: .gzip(), maxSize: maximumBodyBytes)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw ServerError.requestTooLarge(limitBytes: maximumBodyBytes)
            } catch {
                throw ServerError.malformedRequest("The gzip body could not be inflated.")
            }
            // The inflater's own limit rounds up to its buffer's growth: the limit is on the bytes.
            guard body.readableBytes <= maximumBodyBytes else {
                throw ServerError.requestTooLarge(limitBytes: maximumBodyBytes)
            }
        }
        request.body = RequestBody(buffer: body)
        return try await next(request, context)
    }
}
