import Foundation
import OutpostCore
import OutpostProtocol
import OutpostReplica
import OutpostTestSupport
import Synchronization
import Testing

/// The server reads a pull's next page while it still sends the current one
/// (`PullReadAhead`): changes that land between two pages of a bootstrap, after the next page
/// was read, reach the laptop all the same, at a later position; nothing is lost or doubled.
@Suite struct ChangesBetweenPagesTests {
    @Test(arguments: StoreKind.allCases)
    func editsThatLandWhileALaptopPagesThroughABootstrapReachIt(_ kind: StoreKind) async throws {
        try await withRunningServer(kind) { server in
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let ids = try (0..<8).map { try w1.addLead(["contact_name": "家长\($0)", "remark": "第一次"]) }
            try await w1.sync()
            // Wang's second laptop bootstraps two rows a page; once its first page has arrived
            // (the server has read the second by then), the first laptop edits a row of that
            // first page, one of a later page, and adds a lead.
            let w2 = try Laptop("w2", user: DemoUsers.wang, server: server)
            let interleaving = InterleavingTransport(w2.transport) {
                try w1.editLead(ids[0], ["remark": "改过：周六试听"])
                try w1.editLead(ids[7], ["remark": "改过：周日试听"])
                _ = try w1.addLead(["contact_name": "新家长"])
                try await w1.sync()
            }
            try await w2.sync(through: interleaving, pageSize: 2)
            #expect(interleaving.pagesAsked >= 4)
            try await w2.sync()
            #expect(try w2.lead(ids[0])?.values[FieldName("remark")] == .text("改过：周六试听"))
            #expect(try w2.lead(ids[7])?.values[FieldName("remark")] == .text("改过：周日试听"))
            try await expectConverged([w1, w2], server: server)
        }
    }
}

/// The real HTTP transport, running `between` once, right after the first pull page arrived.
private final class InterleavingTransport: SyncTransport, Sendable {
    private let inner: HTTPSyncTransport
    private let between: @Sendable () async throws -> Void
    private let asked = Mutex(0)

    init(_ inner: HTTPSyncTransport, between: @escaping @Sendable () async throws -> Void) {
        self.inner = inner
        self.between = between
    }

    var pagesAsked: Int { asked.withLock { $0 } }

    func handshake(_ request: HandshakeRequest) async throws -> HandshakeResponse { try await inner.handshake(request) }
    func push(_ request: PushRequest) async throws -> PushResponse { try await inner.push(request) }
    func conflicts(after position: Int64, limit: Int) async throws -> ConflictList { try await inner.conflicts(after: position, limit: limit) }
    func pull(_ request: PullRequest) async throws -> PullPage { try await pullArriving(request).page() }

    func pullArriving(_ request: PullRequest) async throws -> ArrivingPullPage {
        let arriving = try await inner.pullArriving(request)
        let first = asked.withLock { count in
            count += 1
            return count == 1
        }
        if first { try await between() }
        return arriving
    }
}
