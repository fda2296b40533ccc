import Foundation
import OutpostCore
import OutpostProtocol

/// One push waiting for the group commit of `SQLiteChangeStore.apply`, and its outcome once
/// a write has taken it.
final class PushTicket: @unchecked Sendable {
    // @unchecked: `result` is only touched under `lock`; the other properties are constants.
    let push: PushRequest
    let author: UserID
    let serverNow: Int64
    let authority: PushAuthority
    private let lock = NSLock()
    private var result: Result<PushResponse, any Error>?

    init(push: PushRequest, author: UserID, serverNow: Int64, authority: PushAuthority) {
        self.push = push
        self.author = author
        self.serverNow = serverNow
        self.authority = authority
    }

    /// Records the outcome (called once, by the write that committed the push's group).
    func settle(_ outcome: Result<PushResponse, any Error>) {
        lock.withLock { result = outcome }
    }

    /// The answer, or the error that refused the push.
    /// - Throws: the push's own error, or `ServerError.internalFailure` if no write settled it
    ///   (cannot happen: the caller's own write runs after the push was queued).
    func outcome() throws -> PushResponse {
        guard let result = lock.withLock({ result }) else { throw ServerError.internalFailure }
        return try result.get()
    }
}

/// The pushes queued for the next write, in arrival order.
final class PendingPushes: @unchecked Sendable {
    // @unchecked: `tickets` is only touched under `lock`.
    private let lock = NSLock()
    private var tickets: [PushTicket] = []

    func append(_ ticket: PushTicket) {
        lock.withLock { tickets.append(ticket) }
    }

    /// Every queued push, leaving the queue empty.
    func takeAll() -> [PushTicket] {
        lock.withLock {
            defer { tickets.removeAll() }
            return tickets
        }
    }
}
