import OutpostCore

/// What one run of the nightly job moved, whom it warned and which team memberships it ended
/// (`ChangeStore.runReclaim`).
public struct ReclaimReport: Sendable, Hashable {
    /// One subject taken back.
    public struct Move: Sendable, Hashable {
        /// `lead` or `customer`.
        public var entity: EntityName
        /// The subject.
        public var id: RowID
        /// The owner it was taken from.
        public var fromOwner: UserID
        /// The new owner (`reallocate`), nil when it went to the pool.
        public var toOwner: UserID?
        /// The rule that fired.
        public var ruleID: RowID
        /// The pool it went to (or whose rule reallocated it).
        public var poolID: RowID
        /// Calendar days since the last follow-up or receipt (more than the rule's limit).
        public var days: Int
    }

    /// One owner warned that a subject will be taken soon.
    public struct Warning: Sendable, Hashable {
        /// `lead` or `customer`.
        public var entity: EntityName
        /// The subject.
        public var id: RowID
        /// Its owner, who was notified.
        public var owner: UserID
        /// Runs left before the one that takes it.
        public var daysLeft: Int
    }

    /// The company day the run counted days to, `YYYY-MM-DD`.
    public var day: String
    /// Every subject moved, in (entity, id) order.
    public var moves: [Move]
    /// Every owner warned by this run (a warning already given today is not repeated).
    public var warnings: [Warning] = []
    /// The team memberships (`record_share` ids) this run ended because they expired.
    public var expiredShares: [RowID] = []
    /// How many leads' scores this run changed (`LeadRescore`: a recent contact aged out, or
    /// a lead never scored).
    public var rescoredLeads = 0
}
