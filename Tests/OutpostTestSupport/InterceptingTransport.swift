import OutpostProtocol
import OutpostReplica

/// Wraps a real transport and lets a test break the conversation at chosen points: lose an
/// answer after the server applied the request, or stop after a number of pull pages (as a
/// killed process would). It also records every pull cursor sent.
public final class InterceptingTransport: SyncTransport, @unchecked Sendable {
    private let inner: any SyncTransport
    private let lock = NSLock()
    private var pushAnswersToLose: Int
    private var pagesBeforeStop: Int?
    private var cursorsSent: [PullCursor?] = []

    /// Wraps `inner`.
    /// - Parameters:
    ///   - losePushAnswers: how many push answers to drop after the server has applied them.
    ///   - stopAfterPages: how many pull pages to deliver before failing every further pull.
    public init(_ inner: any SyncTransport, losePushAnswers: Int = 0, stopAfterPages: Int? = nil) {
        self.inner = inner
        pushAnswersToLose = losePushAnswers
        pagesBeforeStop = stopAfterPages
    }

    /// Every cursor sent with a pull, in order.
    public var pullCursors: [PullCursor?] { lock.withLock { cursorsSent } }

    public func handshake(_ request: HandshakeRequest) async throws -> HandshakeResponse {
        try await inner.handshake(request)
    }

    public func push(_ request: PushRequest) async throws -> PushResponse {
        let answer = try await inner.push(request)
        let lose = lock.withLock {
            defer { pushAnswersToLose = max(0, pushAnswersToLose - 1) }
            return pushAnswersToLose > 0
        }
        if lose { throw TransportError.timedOut(url: "push", seconds: 0) }
        return answer
    }

    public func pull(_ request: PullRequest) async throws -> PullPage {
        let stop = lock.withLock {
            if let remaining = pagesBeforeStop {
                if remaining == 0 { return true }
                pagesBeforeStop = remaining - 1
            }
            cursorsSent.append(request.cursor)
            return false
        }
        if stop { throw TransportError.cannotConnect(url: "pull", reason: "process stopped") }
        return try await inner.pull(request)
    }

    public func conflicts(after position: Int64, limit: Int) async throws -> ConflictList {
        try await inner.conflicts(after: position, limit: limit)
    }
}

import Foundation
