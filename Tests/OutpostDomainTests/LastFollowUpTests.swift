import OutpostDomain
import Testing

/// DOMAIN.md §3.2 rule 3, R-6.6 and C3/C15: `last_followup_at`.
@Suite struct LastFollowUpTests {
    typealias T = ShanghaiTime
    typealias Evidence = LastFollowUp.Evidence

    static func checkIn(_ userID: String, _ kind: CheckInFacts.Kind, at occurredAt: Int64, receivedAt: Int64? = nil) -> CheckInFacts {
        CheckInFacts(id: "\(userID)-\(occurredAt)", userID: userID, kind: kind, subjectID: "l2", point: nil, accuracyMeters: nil,
                     locationStatus: .unavailable, locationTime: nil, deviceTime: occurredAt, occurredAt: occurredAt,
                     receivedAt: receivedAt ?? occurredAt + T.hour, photoCount: 0)
    }

    @Test func noFollowUpHasNoInstant() {
        #expect(LastFollowUp.instant(followUps: [], ownerID: "u-wang") == nil)
    }

    @Test func c3LateFollowUpCountsAtItsOccurredTime() {
        let d1 = Evidence(occurredAt: T.at(2024, 3, 1, 10), receivedAt: T.at(2024, 3, 1, 10, 1))
        let d8 = Evidence(occurredAt: T.at(2024, 3, 8, 16), receivedAt: T.at(2024, 3, 9, 9))
        #expect(LastFollowUp.instant(followUps: [d8, d1], ownerID: "u-wang") == T.at(2024, 3, 8, 16))
    }

    @Test func c15NothingCountsLaterThanItsReceipt() {
        // The HLC was clamped to receipt + 5 min; last_followup_at must not pass the receipt.
        let received = T.at(2024, 3, 2, 20)
        let fast = Evidence(occurredAt: received + 5 * T.minute, receivedAt: received)
        #expect(LastFollowUp.instant(followUps: [fast], ownerID: "u-sun") == received)
    }

    @Test func checkInsDoNotCountByDefault() {
        let followUp = Evidence(occurredAt: T.at(2024, 3, 1, 10), receivedAt: T.at(2024, 3, 1, 11))
        let arrive = Self.checkIn("u-sun", .arrive, at: T.at(2024, 3, 5, 15))
        #expect(LastFollowUp.instant(followUps: [followUp], checkIns: [arrive], ownerID: "u-sun") == T.at(2024, 3, 1, 10))
    }

    @Test(arguments: [
        ("u-sun", CheckInFacts.Kind.arrive, true),
        ("u-sun", .leave, false),
        ("u-sun", .adHoc, false),
        ("u-zhao", .arrive, false),
    ])
    func withTheSwitchOnlyTheOwnersArrivalsCount(userID: String, kind: CheckInFacts.Kind, counts: Bool) {
        let followUp = Evidence(occurredAt: T.at(2024, 3, 1, 10), receivedAt: T.at(2024, 3, 1, 11))
        let visit = Self.checkIn(userID, kind, at: T.at(2024, 3, 5, 15))
        let instant = LastFollowUp.instant(followUps: [followUp], checkIns: [visit], ownerID: "u-sun", checkInCountsAsFollowUp: true)
        #expect(instant == (counts ? T.at(2024, 3, 5, 15) : T.at(2024, 3, 1, 10)))
    }

    @Test func aPooledSubjectHasNoOwnerWhoseArrivalCounts() {
        let arrive = Self.checkIn("u-sun", .arrive, at: T.at(2024, 3, 5, 15))
        #expect(LastFollowUp.instant(followUps: [], checkIns: [arrive], ownerID: nil, checkInCountsAsFollowUp: true) == nil)
    }

    @Test func countedCheckInsAreCappedAtReceiptToo() {
        let received = T.at(2024, 3, 2, 20)
        let arrive = Self.checkIn("u-sun", .arrive, at: T.at(2030, 1, 1), receivedAt: received)
        #expect(LastFollowUp.instant(followUps: [], checkIns: [arrive], ownerID: "u-sun", checkInCountsAsFollowUp: true) == received)
    }
}
