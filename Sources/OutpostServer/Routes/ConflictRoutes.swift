import Hummingbird
import OutpostProtocol

/// `GET /v1/conflicts?after=N&limit=M`: the conflicts the caller lost.
struct ConflictRoutes {
    let store: any ChangeStore

    func add(to router: some RouterMethods<OutpostRequestContext>) {
        router.get("/v1/conflicts") { request, context in
            let user = try context.requireUser()
            try await store.requireEnabled(user)
            let after = try integer(request, "after", default: 0)
            let limit = try integer(request, "limit", default: 100)
            guard after >= 0, (1...1000).contains(limit) else {
                throw ServerError.malformedQuery("'after' must be ≥ 0 and 'limit' from 1 to 1000.")
            }
            let list = try await store.conflicts(lostBy: user, after: after, limit: Int(limit))
            return try MessageResponse.json(list, for: request)
        }
    }

    private func integer(_ request: Request, _ name: String, default value: Int64) throws -> Int64 {
        guard let text = request.uri.queryParameters[Substring(name)] else { return value }
        guard let number = Int64(text) else {
            throw ServerError.malformedQuery("Query parameter '\(name)' must be a whole number, not '\(text)'.")
        }
        return number
    }
}
