/// Decides which owned leads and customers the nightly job takes back
/// and whether a late follow-up undoes a reclaim. Pure: the caller loads pools, rules
/// and subjects, passes `now`, and writes what comes back.
///
/// ```swift
/// let decisions = ReclaimPolicy.decisions(rules: rules, subjects: owned, now: midnight, calendar: calendar)
/// ```
public enum ReclaimPolicy {
    /// What a rule counts its days from (DOMAIN §1.11 `basis`).
    public enum Basis: String, Sendable, Hashable {
        /// Days since the last follow-up or receipt.
        case noFollowUp = "no_followup"
        /// Days since receipt, with no open opportunity.
        case noOpportunity = "no_opportunity"
        /// Days since receipt, not won.
        case notWon = "not_won"
    }

    /// What a firing rule does (DOMAIN §1.11 `action`).
    public enum Action: String, Sendable, Hashable {
        /// Into the rule's pool.
        case toPool = "to_pool"
        /// To the next eligible member of the owner's team.
        case reallocate
    }

    /// One pool rule of an active pool with `auto_reclaim` on.
    public struct Rule: Sendable, Hashable {
        /// The rule's id.
        public var id: String
        /// The pool it reclaims into (R-6.4 `pool_id := rule.pool`).
        public var poolID: String
        /// The branch whose subjects the pool holds.
        public var branchID: String
        /// What the days count from.
        public var basis: Basis
        /// The rule fires when more calendar days than this have passed (strictly, R-6.1).
        public var limitDays: Int
        /// A customer level (`A`, `B`, `C`) or nil for every subject.
        public var level: String?
        /// Won subjects count too (WK `deal_handle`).
        public var includeWon: Bool
        /// Subjects with an open opportunity count too (WK `business_handle`).
        public var includeWithOpportunity: Bool
        /// Back to the pool, or to the next team member.
        public var action: Action
        /// DOMAIN §6 decision 3: an owner's `arrive` check-in counts for `no_followup`.
        public var checkInCountsAsFollowUp: Bool
        /// The pool's `remind_days_before_reclaim`: owners are warned on the runs this
        /// many days or fewer before the one that takes the subject; nil warns nobody.
        public var remindDaysBefore: Int?

        /// A rule; the defaults are the schema's absent values.
        public init(id: String, poolID: String, branchID: String, basis: Basis, limitDays: Int, level: String? = nil,
                    includeWon: Bool = false, includeWithOpportunity: Bool = false, action: Action = .toPool,
                    checkInCountsAsFollowUp: Bool = false, remindDaysBefore: Int? = nil) {
            self.id = id
            self.poolID = poolID
            self.branchID = branchID
            self.basis = basis
            self.limitDays = limitDays
            self.level = level
            self.includeWon = includeWon
            self.includeWithOpportunity = includeWithOpportunity
            self.action = action
            self.checkInCountsAsFollowUp = checkInCountsAsFollowUp
            self.remindDaysBefore = remindDaysBefore
        }
    }

    /// An owned lead or customer, with the facts the rules read.
    public struct Subject: Sendable, Hashable {
        /// `lead` or `customer`.
        public var entity: String
        /// The row's id.
        public var id: String
        /// Its owner.
        public var ownerID: String
        /// Its branch; only the rules of that branch's pools apply.
        public var branchID: String
        /// The customer's level; nil for leads, which level-specific rules never take.
        public var level: String?
        /// `last_followup_at` from follow-ups (clamped `occurred_at`, R-6.6), UTC ms.
        public var lastFollowUpAt: Int64?
        /// The owner's latest `arrive` check-in (clamped), UTC ms; counts only when a rule says so.
        public var lastOwnerCheckInAt: Int64?
        /// When the owner received it, UTC ms.
        public var receivedAt: Int64?
        /// `deal_status = won`.
        public var isWon: Bool
        /// Whether an opportunity of the subject is still open.
        public var hasOpenOpportunity: Bool
        /// `locked = true`: never reclaimed.
        public var isLocked: Bool

        /// A subject's facts.
        public init(entity: String, id: String, ownerID: String, branchID: String, level: String? = nil,
                    lastFollowUpAt: Int64? = nil, lastOwnerCheckInAt: Int64? = nil, receivedAt: Int64? = nil,
                    isWon: Bool = false, hasOpenOpportunity: Bool = false, isLocked: Bool = false) {
            self.entity = entity
            self.id = id
            self.ownerID = ownerID
            self.branchID = branchID
            self.level = level
            self.lastFollowUpAt = lastFollowUpAt
            self.lastOwnerCheckInAt = lastOwnerCheckInAt
            self.receivedAt = receivedAt
            self.isWon = isWon
            self.hasOpenOpportunity = hasOpenOpportunity
            self.isLocked = isLocked
        }
    }

    /// A subject one rule takes back.
    public struct Decision: Sendable, Hashable {
        /// The subject.
        public var subject: Subject
        /// The rule that fired.
        public var rule: Rule
        /// The calendar days counted, more than `rule.limitDays`.
        public var days: Int
    }

    /// A warning owed to a subject's owner: `rule` will take the subject on the run
    /// `daysLeft` days after this one unless the clock moves.
    public struct Reminder: Sendable, Hashable {
        /// The subject.
        public var subject: Subject
        /// The rule that will fire.
        public var rule: Rule
        /// Runs left before the one that takes it, at least 1.
        public var daysLeft: Int
        /// When that run happens: the company midnight `daysLeft` days after `now`.
        public var dueAt: Int64
    }

    /// The subjects the job takes back at `now`, each by the first rule (in id order) of its
    /// branch's pools that fires, in (entity, id) order.
    public static func decisions(rules: [Rule], subjects: [Subject], now: Int64, calendar: CompanyCalendar) -> [Decision] {
        let ordered = rules.sorted { $0.id < $1.id }
        return subjects.sorted { ($0.entity, $0.id) < ($1.entity, $1.id) }.compactMap { subject in
            for rule in ordered where rule.branchID == subject.branchID {
                if let days = countedDays(rule, subject, now: now, calendar: calendar), days > rule.limitDays {
                    return Decision(subject: subject, rule: rule, days: days)
                }
            }
            return nil
        }
    }

    /// The warnings owed at `now`, for subjects no rule takes at `now`: per subject the
    /// rule (with `remindDaysBefore` set) that will fire soonest, when it fires within that
    /// many runs, in (entity, id) order.
    public static func reminders(rules: [Rule], subjects: [Subject], now: Int64, calendar: CompanyCalendar) -> [Reminder] {
        let ordered = rules.sorted { $0.id < $1.id }
        return subjects.sorted { ($0.entity, $0.id) < ($1.entity, $1.id) }.compactMap { subject in
            var soonest: Reminder?
            for rule in ordered where rule.branchID == subject.branchID {
                guard let days = countedDays(rule, subject, now: now, calendar: calendar) else { continue }
                if days > rule.limitDays { return nil }   // taken now: the move says it all
                guard let remind = rule.remindDaysBefore else { continue }
                let daysLeft = rule.limitDays + 1 - days
                guard daysLeft <= remind, daysLeft < soonest?.daysLeft ?? .max else { continue }
                var dueAt = now
                for _ in 0..<daysLeft { dueAt = calendar.nextMidnight(after: dueAt) }
                soonest = Reminder(subject: subject, rule: rule, daysLeft: daysLeft, dueAt: dueAt)
            }
            return soonest
        }
    }

    /// Whether a follow-up that reached the server after a `to_pool` reclaim undoes it (R-6.7,
    /// DOMAIN §6 decision 4): it happened before the reclaim, its author owned the subject
    /// then, and it is recent enough that the rule would not have fired. Whether the subject
    /// is still unclaimed is the caller's to check.
    /// - Parameters:
    ///   - followUpAt: the follow-up's clamped `occurred_at`.
    ///   - author: who wrote it.
    ///   - reclaimedAt: the reclaim's server time; `reclaimedFrom`: the owner it took the subject from.
    ///   - limitDays: the rule's limit.
    public static func revertsReclaim(followUpAt: Int64, author: String, reclaimedAt: Int64, reclaimedFrom: String,
                                      limitDays: Int, calendar: CompanyCalendar) -> Bool {
        followUpAt < reclaimedAt && author == reclaimedFrom
            && calendar.daysBetween(followUpAt, reclaimedAt) <= limitDays
    }

    // MARK: - Private

    /// The calendar days `rule` counts for `subject` at `now`, nil when the rule excludes it.
    private static func countedDays(_ rule: Rule, _ subject: Subject, now: Int64, calendar: CompanyCalendar) -> Int? {
        // exclusions.
        if subject.isLocked { return nil }
        if subject.isWon && !rule.includeWon { return nil }
        if let level = rule.level, level != subject.level { return nil }
        let since: Int64?
        switch rule.basis {
        case .noFollowUp:
            if subject.hasOpenOpportunity && !rule.includeWithOpportunity { return nil }
            let checkIn = rule.checkInCountsAsFollowUp ? subject.lastOwnerCheckInAt : nil
            since = [subject.lastFollowUpAt, checkIn, subject.receivedAt].compactMap { $0 }.max()
        case .noOpportunity:
            if subject.hasOpenOpportunity { return nil }
            since = subject.receivedAt
        case .notWon:
            if subject.isWon { return nil }
            if subject.hasOpenOpportunity && !rule.includeWithOpportunity { return nil }
            since = subject.receivedAt
        }
        guard let since else { return nil }
        return calendar.daysBetween(since, now)
    }
}
