import Foundation
import OutpostProtocol
import OutpostReplica

/// Wraps the real HTTP transport and counts what crosses it: entries pushed, conflicts the
/// server logged for them, rows pulled, and field versions of the data set's rows pulled.
final class CountingTransport: SyncTransport, @unchecked Sendable {
    // @unchecked: the counters are only touched under `lock`.
    private let inner: any SyncTransport
    private let lock = NSLock()
    private var counts = Counts()

    /// What crossed the transport so far.
    struct Counts: Sendable {
        var pushedEntries = 0
        var conflicts = 0
        var pulledRows = 0
        /// Field versions of leads and follow-ups (`countedEntities`).
        var pulledFields = 0
        var pages = 0
    }

    init(_ inner: any SyncTransport) {
        self.inner = inner
    }

    var snapshot: Counts { lock.withLock { counts } }

    func handshake(_ request: HandshakeRequest) async throws -> HandshakeResponse {
        try await inner.handshake(request)
    }

    func push(_ request: PushRequest) async throws -> PushResponse {
        let answer = try await inner.push(request)
        let conflicts = answer.results.filter { $0.conflictID != nil }.count
        lock.withLock {
            counts.pushedEntries += request.changes.count
            counts.conflicts += conflicts
        }
        return answer
    }

    func pull(_ request: PullRequest) async throws -> PullPage {
        try await pullArriving(request).page()
    }

    func pullArriving(_ request: PullRequest) async throws -> ArrivingPullPage {
        let arriving = try await inner.pullArriving(request)
        return ArrivingPullPage(announced: arriving.announced) { [self] in
            let page = try arriving.page()
            count(page)
            return page
        }
    }

    /// The data set's entities: the changes S4 and S8 make are fields of these rows. Rows the
    /// server derives from them (an audit entry per mobile change, R-10.1; ownership events;
    /// notifications) cross too, and cost their time, but are not counted as changes.
    private static let countedEntities: Set<String> = ["lead", "follow_up"]

    private func count(_ page: PullPage) {
        let fields = page.rows.lazy.filter { Self.countedEntities.contains($0.entity.rawValue) }.reduce(0) { $0 + $1.fields.count }
        lock.withLock {
            counts.pulledRows += page.rows.count
            counts.pulledFields += fields
            counts.pages += 1
        }
    }

    func conflicts(after position: Int64, limit: Int) async throws -> ConflictList {
        try await inner.conflicts(after: position, limit: limit)
    }
}
