import OutpostCore
import OutpostProtocol

/// Reads (and encodes) the page that follows the one being answered, while that one is still
/// being compressed and sent, so that a client paging through a pull (a bootstrap is a hundred pages
/// or more) finds its next page read, or being read, when it asks for it. Reading a page is
/// about two fifths of the server's work on it and encoding and compressing most of the rest
/// (BENCHMARKS, S1): with the read ahead, the two overlap on the server's cores.
///
/// A page read ahead is the page the client would have received had it asked a few
/// milliseconds earlier: it holds every change up to the moment it was read, and whatever
/// lands afterwards comes on a later page, at its later log position, as it would have anyway.
/// It is handed out once, only to the same reader asking from the same cursor with the same
/// limit; checks that belong to the request (the token, the user's status) still run on the
/// request. A page nobody asks for within `maximumAge` is let go, and at most `capacity`
/// reads are pending at once, so a client that stops asking costs one page read.
actor PullReadAhead {
    /// Who asks from where: a page read ahead answers only the request it was read for.
    struct Key: Hashable, Sendable {
        var reader: UserID
        var cursor: PullCursor
        var limit: Int
        /// The layout of the request's protocol version: the page is read ahead encoded.
        var layout: PullPageWriter.Layout
    }

    private struct Pending {
        var started: ContinuousClock.Instant
        var read: Task<EncodedPullPage, any Error>
    }

    private var pending: [Key: Pending] = [:]
    private let capacity: Int
    private let maximumAge: Duration

    /// - Parameters:
    ///   - capacity: the most reads pending at once (each holds one page once read).
    ///   - maximumAge: how long a page read ahead waits for its request.
    init(capacity: Int = 16, maximumAge: Duration = .seconds(10)) {
        self.capacity = capacity
        self.maximumAge = maximumAge
    }

    /// The read started for `key`, handed out once; nil when none was started or it waited
    /// longer than `maximumAge`.
    func take(_ key: Key) -> Task<EncodedPullPage, any Error>? {
        guard let entry = pending.removeValue(forKey: key) else { return nil }
        guard ContinuousClock.now - entry.started <= maximumAge else {
            entry.read.cancel()
            return nil
        }
        return entry.read
    }

    /// Starts `read` for `key`, unless one is pending for it or `capacity` reads are. Unless
    /// asked for, the page is let go after `maximumAge`.
    func start(_ key: Key, read: @escaping @Sendable () async throws -> EncodedPullPage) {
        guard pending[key] == nil, pending.count < capacity else { return }
        let started = ContinuousClock.now
        pending[key] = Pending(started: started, read: Task { try await read() })
        let maximumAge = maximumAge
        Task { [weak self] in
            try? await Task.sleep(for: maximumAge)
            await self?.drop(key, startedAt: started)
        }
    }

    /// How many reads are pending (for tests).
    var pendingCount: Int { pending.count }

    /// Drops the read started for `key` at `started` if nobody took it.
    private func drop(_ key: Key, startedAt started: ContinuousClock.Instant) {
        guard let entry = pending[key], entry.started == started else { return }
        entry.read.cancel()
        pending[key] = nil
    }
}
