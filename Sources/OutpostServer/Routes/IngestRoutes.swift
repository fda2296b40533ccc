import Hummingbird
import OutpostCore
import OutpostProtocol

/// `POST /v1/leads/ingest`: leads from head office's channels (web form, ads), placed by
/// referral, region and round-robin (`ChangeStore.ingest`). The store refuses callers whose
/// position may not ingest (`ingest.position_not_allowed`, 403).
struct IngestRoutes {
    let store: any ChangeStore
    let configuration: ServerConfiguration

    func add(to router: some RouterMethods<OutpostRequestContext>) {
        router.post("/v1/leads/ingest") { request, context in
            let user = try context.requireUser()
            try await store.requireEnabled(user)
            let body = try await request.decodeMessage(IngestRequest.self, context: context)
            guard body.leads.count <= configuration.maximumPushBatch else {
                throw ServerError.tooManyChanges(sent: body.leads.count, limit: configuration.maximumPushBatch)
            }
            let report = try await store.ingest(body.leads, actor: user, serverNow: configuration.now())
            return try MessageResponse.json(report, for: request)
        }
    }
}
