import OutpostCore
import OutpostProtocol

/// Drives one replica's sync through a transport: asks `SyncStateMachine` what to do, does
/// it, and feeds back what happened.
///
/// Never waits on the network inside a transaction: it reads a batch, leaves the
/// transaction, sends it, then records the answer in a new transaction that is safe to repeat.
public actor SyncEngine {
    private let replica: Replica
    private let transport: any SyncTransport
    private let pushBatchSize: Int
    private let pageSize: Int
    private let now: @Sendable () -> Int64

    /// Creates an engine.
    /// - Parameters:
    ///   - pushBatchSize: journal entries per push (the server caps it too).
    ///   - pageSize: rows per pull page.
    ///   - now: the laptop's wall clock in ms.
    public init(replica: Replica, transport: any SyncTransport, pushBatchSize: Int = 500, pageSize: Int = 500,
                now: @escaping @Sendable () -> Int64 = WallClock.now) {
        self.replica = replica
        self.transport = transport
        self.pushBatchSize = pushBatchSize
        self.pageSize = pageSize
        self.now = now
    }

    /// Runs one full sync: handshake, push everything pending, pull everything new, fetch
    /// lost conflicts. When the server refuses the stored cursor as ahead of its log (it was
    /// restored from a backup), the replica re-bootstraps (`Replica.prepareRebootstrap`) and
    /// the sync goes on: nothing the server lost with its history is lost here. When the user
    /// is disabled, what the journal holds is still pushed (the server keeps it for a manager,
    /// R-10.3) before the sync stops with `user.disabled`.
    /// - Throws: `TransportError` when the server cannot be reached or refuses; whatever was
    ///   recorded before the failure stays recorded, and the next sync resumes from there.
    public func sync(progress: @Sendable (SyncProgress) -> Void = { _ in }) async throws -> SyncReport {
        let settings = try replica.settings()
        var machine = SyncStateMachine()
        var report = SyncReport()
        var step = machine.next(after: .started)
        var refusedCursor: ProblemDetails?
        var disabled: ProblemDetails?
        while true {
            try Task.checkCancellation()
            switch step {
            case .handshake:
                let sentAt = now()
                let answer: HandshakeResponse
                do {
                    answer = try await transport.handshake(HandshakeRequest(
                        supportedVersions: VersionRange(ProtocolVersion.supported), deviceID: settings.deviceID,
                        schemaFingerprint: replica.schema.fingerprint, clientTime: sentAt))
                } catch TransportError.server(let problem) where problem.code == .userDisabled {
                    disabled = problem
                    step = machine.next(after: .userDisabled(pendingEntries: try replica.pendingCount()))
                    continue
                }
                // Assume the server read its clock halfway through the round trip.
                let midpoint = sentAt + (now() - sentAt) / 2
                try replica.recordHandshake(serverTime: answer.serverTime, clientTime: midpoint,
                                            maximumSkew: answer.maximumClockSkewMilliseconds, storeID: answer.storeID)
                report.serverClockOffsetMilliseconds = answer.serverTime - midpoint
                if let serverLastSequence = answer.deviceLastSequence {
                    report.renumbered += try replica.renumberUnsentEntries(serverLastSequence: serverLastSequence)
                }
                if let serverLastClock = answer.deviceLastClock {
                    try replica.moveClockPast(serverLastClock: serverLastClock)
                }
                let pending = try replica.pendingCount()
                if pending > 0, let cursor = try replica.cursor(), !machine.hasRebootstrapped {
                    // A server restored from a backup must be noticed before this push: it would
                    // take the new entries and then answer the ones it lost, sent again after
                    // them, as already applied. One row's pull says whether the cursor still holds.
                    do {
                        _ = try await transport.pullArriving(PullRequest(cursor: cursor, limit: 1))
                    } catch TransportError.server(let problem) where problem.saysCursorIsAheadOfTheLog {
                        refusedCursor = problem
                        step = machine.next(after: .cursorAhead)
                        continue
                    }
                }
                step = machine.next(after: .handshakeAnswered(pendingEntries: pending))
            case .push:
                let entries = try replica.pendingEntries(limit: pushBatchSize)
                if let last = entries.last?.sequence { try replica.recordSending(through: last) }
                let answer = try await transport.push(PushRequest(
                    deviceID: settings.deviceID,
                    changes: entries.filter { $0.command == nil }.map(\.change),
                    commands: entries.compactMap(\.command)))
                try replica.record(answer, answeredAt: now())
                tally(answer, entries: entries, into: &report)
                progress(.pushed(sent: report.pushed))
                step = machine.next(after: .pushAnswered(pendingEntries: try replica.pendingCount()))
            case .pull:
                // A bootstrap is a hundred pages or more, and three of them are at work at once
                // (BENCHMARKS, S1): this one is written while the next is decoded, and the one
                // after is asked for as soon as the next one's headers say where it starts, so
                // the server reads and encodes it meanwhile. Each page is still applied with its
                // cursor, in order.
                let first: ArrivingPullPage
                do {
                    first = try await transport.pullArriving(PullRequest(cursor: try replica.cursor(), limit: pageSize))
                } catch TransportError.server(let problem) where problem.saysCursorIsAheadOfTheLog {
                    refusedCursor = problem
                    step = machine.next(after: .cursorAhead)
                    continue
                }
                var current = try await decodeAskingForTheNext(first)
                while true {
                    try Task.checkCancellation()
                    let request = current.following
                    async let following = decodeFollowing(request)
                    let page = current.page
                    // The next page was asked for from where the headers said this one ends.
                    guard current.end.matches(page) else {
                        throw TransportError.unexpectedAnswer(url: settings.serverURL.appendingPathComponent("v1/pull").absoluteString, status: 200,
                                                              reason: "the page does not end where its headers said")
                    }
                    let effect = try replica.apply(page)
                    report.changedRows += effect.changedRows
                    report.pulledRows += page.rows.count
                    report.evictedRows += effect.evictedRows + effect.droppedRows
                    report.pages += 1
                    progress(.pulled(rows: report.pulledRows, pages: report.pages))
                    step = machine.next(after: .pageApplied(hasMore: page.hasMore))
                    guard step == .pull else {
                        (try? await following)?.following?.cancel()
                        break
                    }
                    guard let next = try await following else { break }
                    current = next
                }
            case .fetchConflicts:
                let limit = 100
                let list = try await transport.conflicts(after: try replica.conflictPosition(), limit: limit)
                try replica.store(list)
                report.newConflicts += list.conflicts.count
                step = machine.next(after: .conflictsFetched(hasMore: list.conflicts.count == limit))
            case .finish:
                report.released += try replica.settleReleasedEntries(answeredAt: now())
                try replica.recordSyncFinished(at: now())
                return report
            case .rebootstrap:
                report.requeuedForRebootstrap += try replica.prepareRebootstrap()
                report.rebootstrapped = true
                step = machine.next(after: .rebootstrapPrepared(pendingEntries: try replica.pendingCount()))
            case .cursorStillAhead:
                throw TransportError.server(refusedCursor ?? ProblemDetails(code: .invalidCursor, title: "Cursor ahead of server",
                                                                            detail: "The server refused a fresh bootstrap's cursor.", status: 409))
            case .stopDisabled:
                var problem = disabled ?? ProblemDetails(code: .userDisabled, title: "User disabled", detail: "", status: 403)
                if report.pushed > 0 {
                    problem.detail += " This laptop sent the \(report.pushed) \(report.pushed == 1 ? "change" : "changes") it held; they are kept for that review."
                }
                throw TransportError.server(problem)
            case .stall:
                throw TransportError.unexpectedAnswer(
                    url: settings.serverURL.absoluteString, status: 200,
                    reason: "the server answered a push without taking any entry; sync again later")
            }
        }
    }

    // MARK: - Private

    /// Decodes `arriving`, having first asked for the page after it when its headers say
    /// where that one starts (else once this one is read).
    private nonisolated func decodeAskingForTheNext(_ arriving: ArrivingPullPage) async throws -> DecodedPullPage {
        let transport = transport, pageSize = pageSize
        func ask(after end: NextPageHeaders) -> Task<ArrivingPullPage, any Error>? {
            guard end.hasMore else { return nil }
            return Task { try await transport.pullArriving(PullRequest(cursor: end.nextCursor, limit: pageSize)) }
        }
        let asked = arriving.announced.flatMap(ask(after:))
        do {
            let page = try arriving.page()
            let end = arriving.announced ?? NextPageHeaders(of: page)
            return DecodedPullPage(page: page, end: end, following: asked ?? (arriving.announced == nil ? ask(after: end) : nil))
        } catch {
            asked?.cancel()
            throw error
        }
    }

    /// The page `request` asks for, decoded (and the one after it asked for); nil when there
    /// is none. Nonisolated: it runs beside `replica.apply` of the page before, which holds the
    /// actor until it returns. Cancelled, it cancels the request on its way.
    private nonisolated func decodeFollowing(_ request: Task<ArrivingPullPage, any Error>?) async throws -> DecodedPullPage? {
        guard let request else { return nil }
        let arriving = try await withTaskCancellationHandler { try await request.value } onCancel: { request.cancel() }
        return try await decodeAskingForTheNext(arriving)
    }

    private func tally(_ answer: PushResponse, entries: [JournalEntry], into report: inout SyncReport) {
        let bySequence = Dictionary(entries.map { ($0.sequence, $0) }, uniquingKeysWith: { first, _ in first })
        report.pushed += entries.count
        for result in answer.results {
            switch result.status {
            case .applied: report.applied += 1
            case .superseded: report.superseded += 1
            case .rejected:
                if var entry = bySequence[result.sequence] {
                    entry.state = .rejected
                    entry.code = result.code
                    entry.message = result.message
                    report.rejected.append(entry)
                }
            }
        }
    }
}

private extension ProblemDetails {
    /// 409 `pull.invalid_cursor`: the cursor lies ahead of the server's change log (it was
    /// restored from a backup), so the replica bootstraps again (spec §12.5). A 400 with the
    /// same code (a cursor of another server) is not this.
    var saysCursorIsAheadOfTheLog: Bool { code == .invalidCursor && status == 409 }
}
