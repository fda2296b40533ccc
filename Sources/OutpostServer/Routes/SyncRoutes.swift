import Hummingbird
import OutpostCore
import OutpostProtocol

/// `/v1/handshake`, `/v1/push` and `/v1/pull`: the sync conversation.
struct SyncRoutes {
    let store: any ChangeStore
    let schema: Schema
    let configuration: ServerConfiguration
    /// The next page of each pull in progress, read while the current one is sent.
    let readAhead = PullReadAhead()

    func add(to router: some RouterMethods<OutpostRequestContext>) {
        router.post("/v1/handshake") { request, context in try await handshake(request, context) }
        router.post("/v1/push") { request, context in try await push(request, context) }
        router.post("/v1/pull") { request, context in try await pull(request, context) }
    }

    private func handshake(_ request: Request, _ context: OutpostRequestContext) async throws -> Response {
        let user = try context.requireUser()
        try await store.requireEnabled(user)
        let hello = try await request.decodeMessage(HandshakeRequest.self, context: context)
        try SentDeviceID.check(hello.deviceID)
        guard hello.supportedVersions.minimum <= hello.supportedVersions.maximum else {
            throw ServerError.malformedRequest("'supportedVersions' runs from \(hello.supportedVersions.minimum) down to \(hello.supportedVersions.maximum); the minimum must not be above the maximum.")
        }
        try context.requireDevice(hello.deviceID)
        guard let version = ProtocolVersion.negotiate(client: hello.supportedVersions, server: configuration.protocolVersions) else {
            throw ServerError.unsupportedProtocolVersion(
                sent: "v\(hello.supportedVersions.minimum)–v\(hello.supportedVersions.maximum)",
                supported: configuration.protocolVersions)
        }
        let now = configuration.now()
        let registered = try await store.registerDevice(hello.deviceID, user: user, skewMilliseconds: hello.clientTime - now, serverNow: now)
        let answer = HandshakeResponse(
            protocolVersion: version, supportedVersions: VersionRange(configuration.protocolVersions), serverTime: now,
            userID: user, schemaVersion: schema.version, schemaFingerprint: schema.fingerprint,
            maximumPushBatch: configuration.maximumPushBatch,
            maximumClockSkewMilliseconds: configuration.skewBudget.maximumAheadMilliseconds,
            deviceLastSequence: registered.lastSequence, deviceLastClock: registered.lastClock, storeID: try await store.storeID())
        return try MessageResponse.json(answer, for: request)
    }

    private func push(_ request: Request, _ context: OutpostRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let push = try await request.decodeMessage(PushRequest.self, context: context)
        try SentDeviceID.check(push.deviceID)
        try context.requireDevice(push.deviceID)
        // Commands are journal entries as changes are: the cap is on both together (spec §11.1).
        guard push.changes.count + push.commands.count <= configuration.maximumPushBatch else {
            throw ServerError.tooManyChanges(sent: push.changes.count + push.commands.count, limit: configuration.maximumPushBatch)
        }
        do {
            // The store reads the user's status in the push's own transaction.
            let answer = try await store.apply(push, author: user, serverNow: configuration.now(), authority: .author(from: context.clientAddress, signedInAt: context.signedInAt))
            return try MessageResponse.json(answer, for: request)
        } catch ServerError.userDisabled {
            // audit rows still land; everything else waits in quarantine for a manager.
            let answer = try await DisabledUserPush(store: store).apply(push, author: user, serverNow: configuration.now(),
                                                                        clientAddress: context.clientAddress)
            return try MessageResponse.json(answer, for: request)
        }
    }

    private func pull(_ request: Request, _ context: OutpostRequestContext) async throws -> Response {
        let user = try context.requireUser()
        try await store.requireEnabled(user)
        let pull = try await request.decodeMessage(PullRequest.self, context: context)
        guard pull.limit > 0 else {
            throw ServerError.malformedRequest("'limit' must be at least 1 (got \(pull.limit)).")
        }
        let limit = min(pull.limit, configuration.maximumPageSize)
        let layout = MessageResponse.pullPageLayout(for: request)
        let page = try await readPage(after: pull.cursor, limit: limit, as: user, layout: layout)
        if page.end.hasMore {
            let store = store
            let next = page.end.nextCursor
            await readAhead.start(PullReadAhead.Key(reader: user, cursor: next, limit: limit, layout: layout)) {
                try await store.encodedPull(after: next, limit: limit, as: user, layout: layout)
            }
        }
        var response = try MessageResponse.json(bytes: page.body, for: request)
        // Where the next page starts, ahead of the body: the client asks for it while it reads this one.
        for (name, value) in page.end.fields ?? [] {
            if let name = HTTPFields.Element.Name(name) { response.headers[name] = value }
        }
        return response
    }

    /// The page after `cursor`: the one read ahead for this request when there is one (a read
    /// that failed is tried again here, so its error is this request's), else read now.
    private func readPage(after cursor: PullCursor?, limit: Int, as user: UserID, layout: PullPageWriter.Layout) async throws -> EncodedPullPage {
        if let cursor, let read = await readAhead.take(PullReadAhead.Key(reader: user, cursor: cursor, limit: limit, layout: layout)),
           let page = try? await read.value {
            return page
        }
        return try await store.encodedPull(after: cursor, limit: limit, as: user, layout: layout)
    }
}
