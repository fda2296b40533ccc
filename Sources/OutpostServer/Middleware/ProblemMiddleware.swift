import Hummingbird
import NIOCore
import Logging

/// Turns every error into problem details: `ServerError`s as they are, Hummingbird's own
/// errors (no such route, body too large) into their `ServerError`, anything else into a
/// logged 500, so a client always gets `application/problem+json` with a stable code.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = OutpostRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            throw error
        } catch let error as HTTPError where error.status == .notFound {
            throw ServerError.notFound(path: request.uri.path)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw ServerError.requestTooLarge(limitBytes: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw ServerError.requestTooLarge(limitBytes: context.maxUploadSize)
        } catch let error as HTTPError where error.status == .methodNotAllowed {
            throw ServerError.notFound(path: request.uri.path)
        } catch {
            context.logger.error("unhandled error", metadata: ["outpost.error": "\(error)"])
            throw ServerError.internalFailure
        }
    }
}
