import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica
import OutpostServer

/// A faulty network between simulated laptops and the real store: it drops requests, drops
/// answers after the server applied them, duplicates requests, and delivers stale copies of
/// old pushes later (delayed and reordered). Every decision comes from the simulation's seeded
/// generator, and the simulation runs one step at a time, so a seed replays exactly.
///
/// The lock only guards the shared generator and queues; the simulation never runs two
/// requests at once.
public final class SimulatedNetwork: @unchecked Sendable {
    let store: any ChangeStore
    let serverClock: ManualClock
    let skewBudget: ClockSkewBudget
    private let lock = NSLock()
    private var generator: SeededGenerator
    private var staleCopies: [(user: UserID, request: PushRequest)] = []
    private var offlineUsers: Set<UserID> = []
    /// Whether faults are injected (off for the final, quiescent syncs).
    public var faultsEnabled = true
    /// What happened, for the failure report.
    public private(set) var events: [String] = []

    /// Creates a network in front of `store`.
    public init(store: any ChangeStore, serverClock: ManualClock, skewBudget: ClockSkewBudget, seed: UInt64) {
        self.store = store
        self.serverClock = serverClock
        self.skewBudget = skewBudget
        generator = SeededGenerator(seed: seed ^ 0x5EED)
    }

    /// The transport a laptop of `user` sees.
    public func transport(for user: UserID) -> any SyncTransport {
        SimulatedTransport(network: self, user: user)
    }

    /// Cuts `user` off (a partition) or reconnects them.
    public func setOffline(_ user: UserID, _ offline: Bool) {
        lock.withLock { if offline { offlineUsers.insert(user) } else { offlineUsers.remove(user) } }
    }

    /// What the network does with the next request.
    enum Fate { case deliver, dropRequest, dropAnswer, duplicate }

    func fate(for user: UserID, isPush: Bool) -> Fate {
        lock.withLock {
            if offlineUsers.contains(user) && faultsEnabled { return .dropRequest }
            guard faultsEnabled else { return .deliver }
            let roll = Int.random(in: 0..<100, using: &generator)
            switch roll {
            case 0..<8: return .dropRequest
            case 8..<16: return .dropAnswer
            case 16..<22 where isPush: return .duplicate
            default: return .deliver
            }
        }
    }

    func record(_ event: String) {
        lock.withLock { events.append(event) }
    }

    /// Keeps a copy of a push to deliver again later, out of order.
    func keepStaleCopy(_ request: PushRequest, from user: UserID) {
        lock.withLock { staleCopies.append((user, request)) }
    }

    /// Maybe delivers one old copy of some push now (its answer goes nowhere).
    func deliverStaleCopyMaybe() async {
        let copy: (user: UserID, request: PushRequest)? = lock.withLock {
            guard faultsEnabled, !staleCopies.isEmpty, Int.random(in: 0..<100, using: &generator) < 20 else { return nil }
            return staleCopies.remove(at: Int.random(in: 0..<staleCopies.count, using: &generator))
        }
        guard let copy else { return }
        record("network: late copy of \(copy.user)'s push \(copy.request.changes.first?.sequence ?? 0)… delivered")
        _ = try? await store.apply(copy.request, author: copy.user, serverNow: serverClock.now)
    }
}

/// One laptop's view of the simulated network.
struct SimulatedTransport: SyncTransport {
    let network: SimulatedNetwork
    let user: UserID

    func handshake(_ request: HandshakeRequest) async throws -> HandshakeResponse {
        try await exchange("handshake", isPush: false) {
            let now = network.serverClock.now
            let registered = try await network.store.registerDevice(request.deviceID, user: user,
                                                                      skewMilliseconds: request.clientTime - now, serverNow: now)
            return HandshakeResponse(
                protocolVersion: ProtocolVersion.current, supportedVersions: VersionRange(ProtocolVersion.supported),
                serverTime: now, userID: user, schemaVersion: OutpostSchema.current.version,
                schemaFingerprint: OutpostSchema.current.fingerprint, maximumPushBatch: 1000,
                maximumClockSkewMilliseconds: network.skewBudget.maximumAheadMilliseconds, deviceLastSequence: registered.lastSequence,
                deviceLastClock: registered.lastClock)
        }
    }

    func push(_ request: PushRequest) async throws -> PushResponse {
        await network.deliverStaleCopyMaybe()
        return try await exchange("push \(request.changes.count)", isPush: true) {
            let answer = try await network.store.apply(request, author: user, serverNow: network.serverClock.now)
            network.keepStaleCopy(request, from: user)
            return answer
        }
    }

    func pull(_ request: PullRequest) async throws -> PullPage {
        try await exchange("pull", isPush: false) {
            try await network.store.pull(after: request.cursor, limit: request.limit)
        }
    }

    func conflicts(after position: Int64, limit: Int) async throws -> ConflictList {
        try await exchange("conflicts", isPush: false) {
            try await network.store.conflicts(lostBy: user, after: position, limit: limit)
        }
    }

    private func exchange<Answer>(_ what: String, isPush: Bool, _ call: () async throws -> Answer) async throws -> Answer {
        switch network.fate(for: user, isPush: isPush) {
        case .dropRequest:
            network.record("network: \(user) \(what) request dropped")
            throw TransportError.timedOut(url: what, seconds: 0)
        case .dropAnswer:
            _ = try await call()
            network.record("network: \(user) \(what) answer dropped")
            throw TransportError.timedOut(url: what, seconds: 0)
        case .duplicate:
            _ = try await call()
            network.record("network: \(user) \(what) duplicated")
            return try await call()
        case .deliver:
            return try await call()
        }
    }
}
