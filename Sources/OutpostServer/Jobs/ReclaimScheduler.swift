import Logging
import OutpostDomain
import ServiceLifecycle

/// Runs the reclaim job once a day at 00:00 in the company's time zone, inside the
/// running server, as one more service beside the application. The clock and the wait are
/// injected, so a test drives days without sleeping; the job is idempotent per rule and day,
/// so several server processes may each run it.
public struct ReclaimScheduler: Service {
    private let store: any ChangeStore
    private let calendar: CompanyCalendar
    private let now: @Sendable () -> Int64
    private let wait: @Sendable (_ milliseconds: Int64) async throws -> Void
    private let logger: Logger

    /// A scheduler for `store`.
    /// - Parameters:
    ///   - calendar: the company's days (the job runs at their midnight).
    ///   - now: the server's wall clock, UTC milliseconds.
    ///   - wait: suspends for the given milliseconds; throws when cancelled.
    public init(store: any ChangeStore, calendar: CompanyCalendar, now: @escaping @Sendable () -> Int64,
                wait: @escaping @Sendable (_ milliseconds: Int64) async throws -> Void = { try await Task.sleep(for: .milliseconds($0)) },
                logger: Logger) {
        self.store = store
        self.calendar = calendar
        self.now = now
        self.wait = wait
        self.logger = logger
    }

    /// Waits for each company midnight and runs the job, until cancelled or shut down.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await runAtNextMidnight()
                }
            }
        } catch is CancellationError {
            // Shutting down while waiting for midnight is the normal end, not a failure.
        }
    }

    /// Waits until the next company midnight and runs the job once.
    /// - Returns: what it moved, or nil when the job failed (logged; tomorrow it runs again).
    @discardableResult
    public func runAtNextMidnight() async throws -> ReclaimReport? {
        let start = now()
        try await wait(calendar.nextMidnight(after: start) - start)
        do {
            let report = try await store.runReclaim(serverNow: now())
            logger.info("reclaim job ran", metadata: ["outpost.reclaim_day": "\(report.day)", "outpost.reclaimed": "\(report.moves.count)",
                                                  "outpost.warned": "\(report.warnings.count)", "outpost.shares_expired": "\(report.expiredShares.count)",
                                                  "outpost.rescored_leads": "\(report.rescoredLeads)"])
            return report
        } catch {
            // A failed night must not stop the server; the next night counts the days again.
            logger.error("reclaim job failed", metadata: ["outpost.error": "\(error)"])
            return nil
        }
    }
}
