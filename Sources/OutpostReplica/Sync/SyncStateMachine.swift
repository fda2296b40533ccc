/// The sync conversation as a pure state machine: it takes what just happened and says what
/// to do next. Transport and database sit outside it, so a test can drive any schedule with
/// plain values (DESIGN "A sans-I/O sync engine").
///
/// The order is: handshake → push until the journal is empty → pull until no page is left
/// → fetch lost conflicts → finish. A pull whose cursor the server refuses as ahead of its
/// log (a restored server) re-bootstraps once: push the answered entries again, then pull
/// from the start. A disabled user's sync pushes what waits (the server keeps it for a
/// manager) and stops. Pulling after pushing is what gives read-your-writes: the
/// last page ends past every change the push applied.
public struct SyncStateMachine: Sendable, Equatable {
    /// What just happened.
    public enum Event: Sendable, Equatable {
        /// A sync was asked for.
        case started
        /// The server answered the handshake; `pendingEntries` wait in the journal.
        case handshakeAnswered(pendingEntries: Int)
        /// A push was answered; `pendingEntries` still wait.
        case pushAnswered(pendingEntries: Int)
        /// A pull page was applied; `hasMore` says whether another follows.
        case pageApplied(hasMore: Bool)
        /// A batch of lost conflicts was stored; `hasMore` says whether another follows.
        case conflictsFetched(hasMore: Bool)
        /// The server refused the pull's cursor as ahead of its change log (409
        /// `pull.invalid_cursor`: it was restored from a backup).
        case cursorAhead
        /// The replica was made ready to bootstrap again; `pendingEntries` wait, its answered
        /// entries among them.
        case rebootstrapPrepared(pendingEntries: Int)
        /// The handshake said the user is disabled (403 `user.disabled`); `pendingEntries` wait.
        /// The server still takes their pushes, into a quarantine for a manager.
        case userDisabled(pendingEntries: Int)
    }

    /// What to do next.
    public enum Step: Sendable, Equatable {
        case handshake
        case push
        case pull
        case fetchConflicts
        /// Done: the replica holds everything the server had when the last page was read.
        case finish
        /// Stop: the journal did not shrink after a push (the server answered nothing new).
        case stall
        /// Queue the answered entries again and forget the cursor (`Replica.prepareRebootstrap`).
        case rebootstrap
        /// Stop and say so: the cursor was refused again right after a re-bootstrap.
        case cursorStillAhead
        /// Stop and say the user is disabled: what waited was handed over (or nothing did).
        case stopDisabled
    }

    private var lastPending: Int?
    private var rebootstrapped = false

    /// Whether this sync bootstrapped again already (it does so once).
    public var hasRebootstrapped: Bool { rebootstrapped }
    /// A disabled user's sync: push what waits, then stop (there is nothing to pull).
    private var handingOver = false

    /// Creates a machine at the start of a sync.
    public init() {}

    /// The next step after `event`.
    public mutating func next(after event: Event) -> Step {
        switch event {
        case .started:
            return .handshake
        case .handshakeAnswered(let pending):
            lastPending = pending
            return pending > 0 ? .push : .pull
        case .pushAnswered(let pending):
            defer { lastPending = pending }
            if let lastPending, pending >= lastPending, pending > 0 { return .stall }
            return pending > 0 ? .push : handingOver ? .stopDisabled : .pull
        case .pageApplied(let hasMore):
            return hasMore ? .pull : .fetchConflicts
        case .conflictsFetched(let hasMore):
            return hasMore ? .fetchConflicts : .finish
        case .cursorAhead:
            // Once a sync: a bootstrap has no cursor to refuse, so a second refusal is a fault.
            defer { rebootstrapped = true }
            return rebootstrapped ? .cursorStillAhead : .rebootstrap
        case .rebootstrapPrepared(let pending):
            lastPending = pending
            return pending > 0 ? .push : .pull
        case .userDisabled(let pending):
            handingOver = true
            lastPending = pending
            return pending > 0 ? .push : .stopDisabled
        }
    }
}
