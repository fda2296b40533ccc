import Foundation
import OutpostCore
import OutpostDomain
import OutpostReplica
import OutpostServer

/// One salesperson's laptop in a test: a real replica file, its own wall clock, and a sync
/// engine talking real HTTP to the test server (optionally through a fault-injecting transport).
public struct Laptop: Sendable {
    /// The replica on disk.
    public let replica: Replica
    /// The laptop's wall clock.
    public let clock: ManualClock
    /// The user it belongs to.
    public let user: TokenDirectory.Entry
    /// The server it syncs with.
    public let serverURL: URL

    /// Creates a laptop with a new replica file in the server's directory.
    public init(_ name: String, user: TokenDirectory.Entry, server: RunningServer, clock: ManualClock? = nil) throws {
        try self.init(name, user: user, serverURL: server.url, directory: server.directory, clock: clock ?? ManualClock(server.clock.now))
    }

    /// Creates a laptop with a new replica file in `directory`, syncing with `serverURL`.
    public init(_ name: String, user: TokenDirectory.Entry, serverURL: URL, directory: URL, clock: ManualClock) throws {
        replica = try Replica(path: directory.appendingPathComponent("\(name).sqlite").path)
        _ = try replica.configure(serverURL: serverURL, userID: user.userID, token: user.token)
        self.clock = clock
        self.user = user
        self.serverURL = serverURL
    }

    /// Opens a replica file that already exists (a copy of another laptop's, say), as it is.
    public init(opening path: String, user: TokenDirectory.Entry, serverURL: URL, clock: ManualClock) throws {
        replica = try Replica(path: path)
        self.clock = clock
        self.user = user
        self.serverURL = serverURL
    }

    /// The real HTTP transport to another server than its own (one of several processes).
    public func transport(to url: URL) -> HTTPSyncTransport {
        HTTPSyncTransport(baseURL: url, token: user.token, timeout: Self.answerTimeout)
    }

    /// The real HTTP transport for this laptop.
    public var transport: HTTPSyncTransport {
        HTTPSyncTransport(baseURL: serverURL, token: user.token, timeout: Self.answerTimeout)
    }

    /// How long a test laptop waits for an answer. The whole suite runs at once in one process
    /// on two cores, beside the bench's quick mode and a PostgreSQL cluster: a slow host has
    /// starved a handshake for over 30 s (CI rehearsal, 6 December evening). A hang still ends.
    private static let answerTimeout: TimeInterval = 120

    /// Runs one sync, through `transport` when given.
    @discardableResult
    public func sync(through transport: (any SyncTransport)? = nil, pageSize: Int = 500) async throws -> SyncReport {
        let clock = self.clock
        let engine = SyncEngine(replica: replica, transport: transport ?? self.transport, pageSize: pageSize, now: { clock.now })
        return try await engine.sync()
    }

    /// Creates a lead with the given text fields; returns its id. A lead the test does not
    /// give a source or a way to reach is a walk-in with a landline (R-1.1 requires both).
    public func addLead(_ fields: [String: String]) throws -> RowID {
        var fields = fields
        fields["source_channel"] = fields["source_channel"] ?? "walk_in"
        if fields["mobile"] == nil && fields["wechat_id"] == nil && fields["telephone"] == nil {
            fields["telephone"] = "010-12345678"
        }
        return try replica.create(EntityName("lead"), values: Self.values(fields), now: clock.now)
    }

    /// Edits text fields of a lead.
    public func editLead(_ id: RowID, _ fields: [String: String]) throws {
        try replica.update(EntityName("lead"), id: id, values: Self.values(fields), now: clock.now)
    }

    /// The lead as this laptop sees it.
    public func lead(_ id: RowID) throws -> RowState? {
        try replica.row(EntityName("lead"), id: id)
    }

    private static func values(_ fields: [String: String]) -> [FieldName: FieldValue] {
        Dictionary(uniqueKeysWithValues: fields.map { (FieldName($0.key), FieldValue.text($0.value)) })
    }
}

/// Wang's laptop and Zhao's laptop, both holding one lead that Wang created and both synced.
public func makeSyncedPair(_ server: RunningServer, lead fields: [String: String]) async throws -> (w1: Laptop, z1: Laptop, id: RowID) {
    let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
    let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
    let id = try w1.addLead(fields)
    try await w1.sync()
    try await z1.sync()
    return (w1, z1, id)
}
