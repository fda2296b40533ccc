import OutpostDomain
import Testing

/// DOMAIN.md R-3.1 (weights) and R-3.2 (grades, persona mismatch).
@Suite struct LeadScoreTests {
    @Test(arguments: [
        (100, LeadGrade.a), (70, .a), (69, .b), (50, .b), (49, .c), (30, .c), (29, .d), (0, .d),
    ])
    func gradeBoundaries(points: Int, grade: LeadGrade) {
        #expect(LeadGrade(points: points) == grade)
    }

    @Test(arguments: [
        (LeadScoreFacts(), 0),
        (LeadScoreFacts(hasValidMobile: true), 10),
        (LeadScoreFacts(hasValidMobile: true, persona: .match, districtInTerritory: true), 30),
        (LeadScoreFacts(hasCourseInterest: true, hasScheduleOrBudget: true), 20),
        (LeadScoreFacts(trialBooked: true), 10),
        (LeadScoreFacts(trialAttended: true), 20),
        (LeadScoreFacts(trialBooked: true, trialAttended: true), 30),
        (LeadScoreFacts(trialBooked: true, trialAttended: true, campusVisited: true), 30),   // behaviour caps at 30
        (LeadScoreFacts(campusVisited: true), 10),
        (LeadScoreFacts(twoWayContactInLast7Days: true), 10),
        (LeadScoreFacts(intentTouchCount: 1), 0),
        (LeadScoreFacts(intentTouchCount: 2), 10),
        (LeadScoreFacts(persona: .unknown), 0),
    ])
    func weightsPerDimension(facts: LeadScoreFacts, points: Int) {
        #expect(LeadScore(facts).points == points)
    }

    @Test func everythingScoresOneHundred() {
        let all = LeadScoreFacts(hasValidMobile: true, persona: .match, districtInTerritory: true, hasCourseInterest: true,
                                 hasScheduleOrBudget: true, trialBooked: true, trialAttended: true, campusVisited: true,
                                 twoWayContactInLast7Days: true, intentTouchCount: 5)
        #expect(LeadScore(all) == LeadScore(points: 100, grade: .a))
    }

    @Test func reachableScoresCrossTheGradeBoundaries() {
        // 70: basic 30 + key info 20 + trial attended 20 → A; one fact less → B.
        let seventy = LeadScoreFacts(hasValidMobile: true, persona: .match, districtInTerritory: true,
                                     hasCourseInterest: true, hasScheduleOrBudget: true, trialAttended: true)
        #expect(LeadScore(seventy) == LeadScore(points: 70, grade: .a))
        var sixty = seventy
        sixty.hasScheduleOrBudget = false
        #expect(LeadScore(sixty) == LeadScore(points: 60, grade: .b))
        #expect(LeadScore(LeadScoreFacts(hasValidMobile: true, trialAttended: true)).grade == .c)
        #expect(LeadScore(LeadScoreFacts(hasValidMobile: true, trialBooked: true)).grade == .d)
    }

    @Test func personaMismatchForcesDWhateverTheScore() {
        let strong = LeadScoreFacts(hasValidMobile: true, persona: .mismatch, districtInTerritory: true, hasCourseInterest: true,
                                    hasScheduleOrBudget: true, trialBooked: true, trialAttended: true, campusVisited: true,
                                    twoWayContactInLast7Days: true, intentTouchCount: 3)
        #expect(LeadScore(strong) == LeadScore(points: 90, grade: .d))
        #expect(LeadScore(strong).grade.allocationTier == .nurture)
    }

    @Test func gradesMapToAllocationTiers() {
        #expect(LeadGrade.allCases.map(\.allocationTier) == [.quality, .quality, .general, .nurture])
        #expect(LeadGrade.allCases.map(\.rawValue) == ["A", "B", "C", "D"])
    }
}
