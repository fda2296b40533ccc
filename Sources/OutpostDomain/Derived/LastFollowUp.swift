/// Computes `last_followup_at`, the clock the `no_followup` reclaim rule runs on (DOMAIN.md
/// §3.2 rule 3, R-6.2, R-6.6). Server-owned: recomputed from facts, never merged.
public enum LastFollowUp {
    /// One accepted follow-up's times.
    public struct Evidence: Sendable, Hashable {
        /// The follow-up's `occurred_at` (HLC wall, already clamped by ), UTC milliseconds.
        public var occurredAt: Int64
        /// When the server received it, UTC milliseconds.
        public var receivedAt: Int64

        /// The times of one follow-up.
        public init(occurredAt: Int64, receivedAt: Int64) {
            self.occurredAt = occurredAt
            self.receivedAt = receivedAt
        }

        /// `occurred_at` capped at receipt: nothing can have happened after the server heard
        /// of it, so a fast clock cannot push the reclaim clock into the future (C15).
        var countedAt: Int64 { min(occurredAt, receivedAt) }
    }

    /// The latest instant of follow-up on a subject, or nil when there is none.
    ///
    /// `max(occurred_at of accepted follow-ups, each clamped to ≤ received_at)`. With
    /// `checkInCountsAsFollowUp` (the pool rule's `checkin_counts_as_followup`, default false,
    /// DOMAIN.md §6 decision 3) an `arrive` check-in by the subject's owner counts too, clamped
    /// the same way; `leave` and ad hoc check-ins, and anyone else's, never do.
    /// - Parameters:
    ///   - followUps: the subject's accepted follow-ups whose author had write access at
    ///     `occurred_at`; the caller filters out the rest.
    ///   - checkIns: the subject's check-ins.
    ///   - ownerID: the subject's owner.
    ///   - checkInCountsAsFollowUp: the pool rule's switch.
    public static func instant(
        followUps: [Evidence], checkIns: [CheckInFacts] = [], ownerID: String?,
        checkInCountsAsFollowUp: Bool = false
    ) -> Int64? {
        let fromFollowUps = followUps.map(\.countedAt)
        let fromCheckIns = checkInCountsAsFollowUp
            ? checkIns.filter { $0.kind == .arrive && ownerID != nil && $0.userID == ownerID }
                .map { Evidence(occurredAt: $0.occurredAt, receivedAt: $0.receivedAt).countedAt }
            : []
        return (fromFollowUps + fromCheckIns).max()
    }
}
