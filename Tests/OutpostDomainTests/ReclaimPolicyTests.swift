import OutpostDomain
import Testing

/// The reclaim rules of, the late-evidence revert of, and the
/// job's midnight, with instants in Asia/Shanghai.
@Suite struct ReclaimPolicyTests {
    private let calendar = ShanghaiTime.calendar
    private let rule = ReclaimPolicy.Rule(id: "rule-1", poolID: "pool-hd", branchID: "ou-hd", basis: .noFollowUp, limitDays: 7)
    private let midnightD9 = ShanghaiTime.at(2026, 9, 9)

    private func lead(lastFollowUp: Int64?, received: Int64? = nil, id: String = "L2") -> ReclaimPolicy.Subject {
        ReclaimPolicy.Subject(entity: "lead", id: id, ownerID: "u-wang", branchID: "ou-hd", lastFollowUpAt: lastFollowUp,
                              receivedAt: received ?? ShanghaiTime.at(2026, 8, 20))
    }

    @Test func firesOnlyAfterMoreThanTheLimitInCalendarDays() {
        // D1 23:59 → D9 00:00 is 8 days (> 7): reclaimed. D2 00:01 → D9 is 7 days: kept (C3).
        let late = lead(lastFollowUp: ShanghaiTime.at(2026, 9, 1, 23, 59))
        let inTime = lead(lastFollowUp: ShanghaiTime.at(2026, 9, 2, 0, 1), id: "L3")
        let decisions = ReclaimPolicy.decisions(rules: [rule], subjects: [late, inTime], now: midnightD9, calendar: calendar)
        #expect(decisions.map(\.subject.id) == ["L2"])
        #expect(decisions.first?.days == 8)
    }

    @Test func countsFromReceiptWhenThatIsLater() {
        let claimedYesterday = lead(lastFollowUp: ShanghaiTime.at(2026, 8, 1), received: ShanghaiTime.at(2026, 9, 8, 10))
        #expect(ReclaimPolicy.decisions(rules: [rule], subjects: [claimedYesterday], now: midnightD9, calendar: calendar).isEmpty)
    }

    @Test func rulesOfOtherBranchesNeverFire() {
        var other = rule
        other.branchID = "ou-cy"
        #expect(ReclaimPolicy.decisions(rules: [other], subjects: [lead(lastFollowUp: nil)], now: midnightD9, calendar: calendar).isEmpty)
    }

    @Test func exclusionsOfR63() {
        var locked = lead(lastFollowUp: nil)
        locked.isLocked = true
        var won = lead(lastFollowUp: nil, id: "won")
        won.isWon = true
        var withOpportunity = lead(lastFollowUp: nil, id: "opp")
        withOpportunity.hasOpenOpportunity = true
        let subjects = [locked, won, withOpportunity]
        #expect(ReclaimPolicy.decisions(rules: [rule], subjects: subjects, now: midnightD9, calendar: calendar).isEmpty)
        var lenient = rule
        lenient.includeWon = true
        lenient.includeWithOpportunity = true
        #expect(ReclaimPolicy.decisions(rules: [lenient], subjects: subjects, now: midnightD9, calendar: calendar).map(\.subject.id) == ["opp", "won"])
    }

    @Test func aLevelRuleTakesOnlyCustomersOfThatLevel() {
        var levelB = rule
        levelB.level = "B"
        let customerA = ReclaimPolicy.Subject(entity: "customer", id: "KA", ownerID: "u-wang", branchID: "ou-hd", level: "A", receivedAt: 0)
        let customerB = ReclaimPolicy.Subject(entity: "customer", id: "KB", ownerID: "u-wang", branchID: "ou-hd", level: "B", receivedAt: 0)
        let decisions = ReclaimPolicy.decisions(rules: [levelB], subjects: [customerA, customerB, lead(lastFollowUp: nil)], now: midnightD9, calendar: calendar)
        #expect(decisions.map(\.subject.id) == ["KB"])
    }

    @Test func anOwnersCheckInCountsOnlyWhenTheRuleSaysSo() {
        var visited = lead(lastFollowUp: ShanghaiTime.at(2026, 9, 1, 10))
        visited.lastOwnerCheckInAt = ShanghaiTime.at(2026, 9, 8, 15)
        #expect(ReclaimPolicy.decisions(rules: [rule], subjects: [visited], now: midnightD9, calendar: calendar).count == 1)
        var counting = rule
        counting.checkInCountsAsFollowUp = true
        #expect(ReclaimPolicy.decisions(rules: [counting], subjects: [visited], now: midnightD9, calendar: calendar).isEmpty)
    }

    @Test func otherBases() {
        let old = lead(lastFollowUp: midnightD9 - 1, received: ShanghaiTime.at(2026, 8, 1))
        var noOpportunity = rule
        noOpportunity.basis = .noOpportunity
        var notWon = rule
        notWon.basis = .notWon
        #expect(ReclaimPolicy.decisions(rules: [noOpportunity], subjects: [old], now: midnightD9, calendar: calendar).count == 1)
        #expect(ReclaimPolicy.decisions(rules: [notWon], subjects: [old], now: midnightD9, calendar: calendar).count == 1)
        var withOpportunity = old
        withOpportunity.hasOpenOpportunity = true
        #expect(ReclaimPolicy.decisions(rules: [noOpportunity], subjects: [withOpportunity], now: midnightD9, calendar: calendar).isEmpty)
    }

    @Test func theFirstFiringRuleInIDOrderTakesTheSubject() {
        var second = rule
        second.id = "rule-2"
        second.action = .reallocate
        let decisions = ReclaimPolicy.decisions(rules: [second, rule], subjects: [lead(lastFollowUp: nil)], now: midnightD9, calendar: calendar)
        #expect(decisions.map(\.rule.id) == ["rule-1"])
    }

    @Test(arguments: [
        // (follow-up, author, reverts): C3's D8 16:00 by the owner reverts the D9 00:00 reclaim.
        (ShanghaiTime.at(2026, 9, 8, 16), "u-wang", true),
        (ShanghaiTime.at(2026, 9, 2, 9), "u-wang", true),     // 7 days before: the rule would not have fired
        (ShanghaiTime.at(2026, 9, 1, 23), "u-wang", false),   // 8 days before: it would have
        (ShanghaiTime.at(2026, 9, 9, 8), "u-wang", false),    // after the reclaim
        (ShanghaiTime.at(2026, 9, 8, 16), "u-zhao", false),   // not the owner it was taken from
    ])
    func lateEvidenceRevertsOnlyWhenItWouldHaveKeptTheSubject(followUpAt: Int64, author: String, reverts: Bool) {
        #expect(ReclaimPolicy.revertsReclaim(followUpAt: followUpAt, author: author, reclaimedAt: midnightD9, reclaimedFrom: "u-wang",
                                             limitDays: 7, calendar: calendar) == reverts)
    }

    @Test func theJobRunsAtTheNextCompanyMidnight() {
        #expect(calendar.nextMidnight(after: ShanghaiTime.at(2026, 9, 8, 16)) == midnightD9)
        #expect(calendar.nextMidnight(after: midnightD9) == midnightD9 + ShanghaiTime.day)
        #expect(calendar.nextMidnight(after: midnightD9 - 1) == midnightD9)
    }
}

/// the warnings owed before a reclaim.
@Suite struct ReclaimReminderTests {
    private let calendar = ShanghaiTime.calendar
    private let midnightD9 = ShanghaiTime.at(2026, 9, 9)

    private func rule(remind: Int?, limit: Int = 7, id: String = "rule-1") -> ReclaimPolicy.Rule {
        ReclaimPolicy.Rule(id: id, poolID: "pool-hd", branchID: "ou-hd", basis: .noFollowUp, limitDays: limit, remindDaysBefore: remind)
    }

    private func lead(_ id: String, lastFollowUp: Int64) -> ReclaimPolicy.Subject {
        ReclaimPolicy.Subject(entity: "lead", id: id, ownerID: "u-wang", branchID: "ou-hd", lastFollowUpAt: lastFollowUp,
                              receivedAt: ShanghaiTime.at(2026, 8, 20))
    }

    @Test func ownersAreWarnedOnTheRunsWithinTheReminderWindow() {
        let subjects = [
            lead("taken", lastFollowUp: ShanghaiTime.at(2026, 9, 1, 10)),   // 8 days: taken now, no warning
            lead("one", lastFollowUp: ShanghaiTime.at(2026, 9, 2, 10)),     // 7 days: taken on the next run
            lead("two", lastFollowUp: ShanghaiTime.at(2026, 9, 3, 10)),     // 6 days: in two runs
            lead("three", lastFollowUp: ShanghaiTime.at(2026, 9, 4, 10)),   // 5 days: outside a 2-day window
        ]
        let reminders = ReclaimPolicy.reminders(rules: [rule(remind: 2)], subjects: subjects, now: midnightD9, calendar: calendar)
        #expect(reminders.map(\.subject.id) == ["one", "two"])
        #expect(reminders.map(\.daysLeft) == [1, 2])
        #expect(reminders.map(\.dueAt) == [ShanghaiTime.at(2026, 9, 10), ShanghaiTime.at(2026, 9, 11)])
        // The warned subjects are exactly the ones taken on those runs.
        #expect(ReclaimPolicy.decisions(rules: [rule(remind: 2)], subjects: subjects, now: ShanghaiTime.at(2026, 9, 10), calendar: calendar)
            .map(\.subject.id) == ["one", "taken"])
    }

    @Test func aPoolWithoutAReminderSettingWarnsNobodyAndTheSoonestRuleSpeaks() {
        let subject = lead("one", lastFollowUp: ShanghaiTime.at(2026, 9, 2, 10))
        #expect(ReclaimPolicy.reminders(rules: [rule(remind: nil)], subjects: [subject], now: midnightD9, calendar: calendar).isEmpty)
        let rules = [rule(remind: 5, limit: 9, id: "rule-a"), rule(remind: 5, limit: 7, id: "rule-b")]
        let reminders = ReclaimPolicy.reminders(rules: rules, subjects: [subject], now: midnightD9, calendar: calendar)
        #expect(reminders.map(\.rule.id) == ["rule-b"])
        #expect(reminders.map(\.daysLeft) == [1])
    }

    @Test func lockedSubjectsAreNeverWarned() {
        var subject = lead("one", lastFollowUp: ShanghaiTime.at(2026, 9, 2, 10))
        subject.isLocked = true
        #expect(ReclaimPolicy.reminders(rules: [rule(remind: 2)], subjects: [subject], now: midnightD9, calendar: calendar).isEmpty)
    }
}
