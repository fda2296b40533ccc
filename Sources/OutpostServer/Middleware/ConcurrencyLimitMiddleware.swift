import Hummingbird
import OutpostCore

/// Caps the requests one user may have in progress at once, so a client that opens many
/// connections (or a runaway sync loop) cannot starve everyone else: the request beyond the
/// cap gets 429 `request.too_many_concurrent`.
struct ConcurrencyLimitMiddleware: RouterMiddleware {
    typealias Context = OutpostRequestContext
    let limit: Int
    let inFlight = InFlightCounter()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let user = context.user else { return try await next(request, context) }
        guard await inFlight.enter(user, limit: limit) else {
            throw ServerError.tooManyConcurrentRequests(limit: limit)
        }
        do {
            let response = try await next(request, context)
            await inFlight.leave(user)
            return response
        } catch {
            await inFlight.leave(user)
            throw error
        }
    }
}

/// Requests in progress per user.
actor InFlightCounter {
    private var counts: [UserID: Int] = [:]

    /// Counts one more request for `user` unless it already has `limit`; returns whether it may go on.
    func enter(_ user: UserID, limit: Int) -> Bool {
        let current = counts[user, default: 0]
        guard current < limit else { return false }
        counts[user] = current + 1
        return true
    }

    /// Counts one request of `user` as finished.
    func leave(_ user: UserID) {
        let remaining = counts[user, default: 1] - 1
        counts[user] = remaining > 0 ? remaining : nil
    }
}
