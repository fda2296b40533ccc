import OutpostProtocol

/// How the sync engine talks to the server. The HTTP implementation is the real one; tests
/// wrap it to inject faults (lost answers, stops between pages) around the real server.
public protocol SyncTransport: Sendable {
    /// `POST /v1/handshake`.
    func handshake(_ request: HandshakeRequest) async throws -> HandshakeResponse
    /// `POST /v1/push`.
    func push(_ request: PushRequest) async throws -> PushResponse
    /// `POST /v1/pull`.
    func pull(_ request: PullRequest) async throws -> PullPage
    /// `POST /v1/pull`, the answer handed over before its rows are read, with where the
    /// next page starts when the server said so ahead of the body.
    func pullArriving(_ request: PullRequest) async throws -> ArrivingPullPage
    /// `GET /v1/conflicts`.
    func conflicts(after position: Int64, limit: Int) async throws -> ConflictList
}

extension SyncTransport {
    /// A transport that reads answers whole hands over pages already read.
    public func pullArriving(_ request: PullRequest) async throws -> ArrivingPullPage {
        ArrivingPullPage(try await pull(request))
    }
}
