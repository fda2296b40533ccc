import Foundation
import OutpostCore
import OutpostProtocol
import OutpostReplica
import OutpostTestSupport
import Synchronization
import Testing

/// A pull's next page is asked for as soon as the answer's headers say where it starts, before
/// the page is read (`NextPageHeaders`); pages are still applied in order, each with its own
/// cursor, and an answer whose body ends elsewhere than its headers said is refused whole.
@Suite struct PagePipeliningTests {
    @Test func theNextPageIsAskedForBeforeThisOneIsRead() async throws {
        try await withRunningServer(.sqlite) { server in
            let (w1, z1, _) = try await makeSyncedPair(server, lead: ["contact_name": "王妈妈", "mobile": "13812345678"])
            for index in 0..<6 { _ = try z1.addLead(["contact_name": "家长\(index)"]) }
            try await z1.sync()
            // Reading a page waits (up to 60 s) for the request of the page after it: an
            // engine that asked only after reading would make every such wait run out. The wait
            // blocks its thread, so it is long: with the whole suite running on two cores, the
            // task that sends the request once waited more than 10 s for a thread.
            let watched = WatchingTransport(w1.transport, readWaitsForTheNextRequest: true)
            try await w1.sync(through: watched, pageSize: 2)
            let events = watched.events
            #expect(events.filter { $0.hasPrefix("read ") }.count >= 3, "\(events)")
            #expect(!events.contains { $0.hasPrefix("waited in vain") }, "\(events)")
            try await expectConverged([w1, z1], server: server)
        }
    }

    @Test func aPageThatDoesNotEndWhereItsHeadersSaidIsRefusedAndNothingOfItIsApplied() async throws {
        try await withRunningServer(.sqlite) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "王妈妈", "mobile": "13812345678"])
            try z1.editLead(id, ["remark": "周六试听"])
            try await z1.sync()
            let cursorBefore = try w1.replica.cursor()
            let lying = WatchingTransport(w1.transport, announce: { _ in NextPageHeaders(cursor: "c1.999.0", hasMore: "true") })
            await #expect(throws: TransportError.self) { try await w1.sync(through: lying) }
            #expect(try w1.replica.cursor() == cursorBefore)
            #expect(try w1.lead(id)?.values[FieldName("remark")] == nil)
            // An honest answer then brings the page.
            try await w1.sync()
            #expect(try w1.lead(id)?.values[FieldName("remark")] == .text("周六试听"))
        }
    }
}

/// The real HTTP transport, with what the engine does with pull answers written down in order
/// ("request <cursor>", "read <cursor>"); optionally other headers than the server's, and
/// reads that wait for the next page's request.
private final class WatchingTransport: SyncTransport, Sendable {
    private let inner: HTTPSyncTransport
    private let announce: @Sendable (NextPageHeaders?) -> NextPageHeaders?
    private let readWaitsForTheNextRequest: Bool
    private let log = EventLog()

    init(_ inner: HTTPSyncTransport, readWaitsForTheNextRequest: Bool = false,
         announce: @escaping @Sendable (NextPageHeaders?) -> NextPageHeaders? = { $0 }) {
        self.inner = inner
        self.readWaitsForTheNextRequest = readWaitsForTheNextRequest
        self.announce = announce
    }

    var events: [String] { log.events }

    func handshake(_ request: HandshakeRequest) async throws -> HandshakeResponse { try await inner.handshake(request) }
    func push(_ request: PushRequest) async throws -> PushResponse { try await inner.push(request) }
    func conflicts(after position: Int64, limit: Int) async throws -> ConflictList { try await inner.conflicts(after: position, limit: limit) }
    func pull(_ request: PullRequest) async throws -> PullPage { try await pullArriving(request).page() }

    func pullArriving(_ request: PullRequest) async throws -> ArrivingPullPage {
        let cursor = request.cursor?.rawValue ?? "start"
        log.append("request \(cursor)")
        let arriving = try await inner.pullArriving(request)
        let announced = announce(arriving.announced)
        let waitFor = readWaitsForTheNextRequest && announced?.hasMore == true ? announced.map { "request \($0.nextCursor.rawValue)" } : nil
        return ArrivingPullPage(announced: announced) { [log] in
            if let waitFor, !log.wait(for: waitFor, seconds: 60) { log.append("waited in vain for \(waitFor)") }
            log.append("read \(cursor)")
            return try arriving.page()
        }
    }
}

/// Events in the order they happened, from any task.
private final class EventLog: Sendable {
    private let entries = Mutex<[String]>([])

    var events: [String] { entries.withLock { $0 } }

    func append(_ event: String) { entries.withLock { $0.append(event) } }

    /// Waits until `event` happened, polling; false when `seconds` pass first.
    func wait(for event: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if entries.withLock({ $0.contains(event) }) { return true }
            usleep(1_000)
        }
        return false
    }
}
