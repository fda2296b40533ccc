import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica
import OutpostServer

/// A transport that calls a store directly, as the server's routes do (no HTTP, no faults):
/// for tests that drive many replicas through many syncs, such as the randomized scope test.
public struct StoreTransport: SyncTransport {
    let store: any ChangeStore
    let user: UserID
    let clock: ManualClock

    /// A transport for `user` against `store`, at the server time `clock` shows.
    public init(store: any ChangeStore, user: UserID, clock: ManualClock) {
        self.store = store
        self.user = user
        self.clock = clock
    }

    public func handshake(_ request: HandshakeRequest) async throws -> HandshakeResponse {
        let now = clock.now
        let registered = try await store.registerDevice(request.deviceID, user: user, skewMilliseconds: request.clientTime - now, serverNow: now)
        return HandshakeResponse(
            protocolVersion: ProtocolVersion.current, supportedVersions: VersionRange(ProtocolVersion.supported),
            serverTime: now, userID: user, schemaVersion: OutpostSchema.current.version,
            schemaFingerprint: OutpostSchema.current.fingerprint, maximumPushBatch: 1000,
            maximumClockSkewMilliseconds: ClockSkewBudget().maximumAheadMilliseconds, deviceLastSequence: registered.lastSequence,
                deviceLastClock: registered.lastClock)
    }

    public func push(_ request: PushRequest) async throws -> PushResponse {
        try await store.apply(request, author: user, serverNow: clock.now)
    }

    public func pull(_ request: PullRequest) async throws -> PullPage {
        try await store.pull(after: request.cursor, limit: request.limit, as: user)
    }

    public func conflicts(after position: Int64, limit: Int) async throws -> ConflictList {
        try await store.conflicts(lostBy: user, after: position, limit: limit)
    }
}

/// Everything `reader` may see in `store` (everything for a nil reader), by entity and id, as
/// a fresh replica of theirs would hold it after a full pull (hidden fields left out).
public func scopedView(_ store: any ChangeStore, as reader: UserID?) async throws -> [EntityName: [RowID: RowState]] {
    var rows: [EntityName: [RowID: RowState]] = [:]
    var cursor: PullCursor?
    for _ in 0..<10_000 {
        let page = try await store.pull(after: cursor, limit: 500, as: reader)
        for pulled in page.rows {
            if pulled.isEviction {
                rows[pulled.entity]?[pulled.id] = nil
                continue
            }
            var state = rows[pulled.entity]?[pulled.id] ?? RowState()
            for (name, wire) in pulled.fields { state.adopt(wire.version, for: FieldName(name)) }
            rows[pulled.entity, default: [:]][pulled.id] = state
        }
        cursor = page.nextCursor
        if !page.hasMore { break }
    }
    return rows
}
