import OutpostDomain
import OutpostTestSupport
import Testing

/// Allocation by criteria (R-5.3, DOMAIN §6 decision 2): the best-matching eligible member takes
/// a quality lead, quotas share by what is left of them, turns break ties, and a lead that
/// meets nobody's criteria still goes to someone by turn.
@Suite struct CriteriaAllocationTests {
    private func candidate(_ id: String, courses: Set<String> = [], regions: [String] = [], grades: Set<String> = [],
                           quota: Int? = nil, assigned: Int = 0, owned: Int = 0, cap: Int = 500,
                           active: Bool = true) -> CriteriaAllocation.Candidate {
        CriteriaAllocation.Candidate(
            member: RoundRobinAllocation.Member(id: id, isActive: active, weight: 100, position: "course_consultant",
                                                ownedCount: owned, maximumOwned: cap),
            courseIDs: courses, regionCodes: regions, grades: grades, quota: quota, assignedThisPeriod: assigned)
    }

    @Test func theSpecialistTakesTheLeadsOfTheirCourseAndRegionBeforeTheGeneralist() {
        let team = [candidate("u-a"), candidate("u-b", courses: ["course-coding"]), candidate("u-c", courses: ["course-coding"], regions: ["110108"])]
        let leads = [
            CriteriaAllocation.Lead(courseIDs: ["course-coding"], districtCode: "110108", grade: "A"),   // c matches on two criteria
            CriteriaAllocation.Lead(courseIDs: ["course-coding"], districtCode: "310101", grade: "A"),   // c misses the region: b
            CriteriaAllocation.Lead(courseIDs: ["course-art"], districtCode: "110108", grade: "B"),     // only a takes art
        ]
        let allocation = CriteriaAllocation.allocate(leads, among: team, after: nil)
        #expect(allocation.assignees == ["u-c", "u-b", "u-a"])
        #expect(allocation.matched == [true, true, true])
        #expect(allocation.cursor == "u-a")
    }

    @Test func aProvinceCodeTakesEveryDistrictInIt() {
        let team = [candidate("u-a", regions: ["110000"]), candidate("u-b", regions: ["310000"])]
        let leads = [CriteriaAllocation.Lead(districtCode: "310104", grade: "A"), CriteriaAllocation.Lead(districtCode: "110105", grade: "A")]
        #expect(CriteriaAllocation.allocate(leads, among: team, after: nil).assignees == ["u-b", "u-a"])
    }

    @Test func equalMatchesTakeTurnsFromTheCursor() {
        let team = [candidate("u-a", grades: ["A"]), candidate("u-b", grades: ["A"]), candidate("u-c", grades: ["B"])]
        let leads = Array(repeating: CriteriaAllocation.Lead(grade: "A"), count: 4)
        let allocation = CriteriaAllocation.allocate(leads, among: team, after: "u-a")
        #expect(allocation.assignees == ["u-b", "u-a", "u-b", "u-a"])
    }

    @Test func quotasShareByWhatIsLeftOfThem() {
        // a has 10 a month and got 5 (half left); b has 4 and got 1 (three quarters left).
        let team = [candidate("u-a", quota: 10, assigned: 5), candidate("u-b", quota: 4, assigned: 1)]
        let leads = Array(repeating: CriteriaAllocation.Lead(grade: "A"), count: 4)
        // b (0.75) → b (0.5, tie with a at 0.5: a comes first after b by turn) → a… then a (0.4) vs b (0.5): b.
        let allocation = CriteriaAllocation.allocate(leads, among: team, after: nil)
        #expect(allocation.assignees == ["u-b", "u-a", "u-b", "u-a"])
    }

    @Test func aLeadNobodysCriteriaTakeGoesByTurnAmongTheEligible() {
        let team = [candidate("u-a", courses: ["course-art"]), candidate("u-b", courses: ["course-math"]),
                    candidate("u-c", courses: ["course-coding"], active: false)]
        let allocation = CriteriaAllocation.allocate([CriteriaAllocation.Lead(courseIDs: ["course-coding"], grade: "A")], among: team, after: "u-a")
        #expect(allocation.assignees == ["u-b"])
        #expect(allocation.matched == [false])
    }

    @Test func membersAtTheirCapAreNeverChosenAndNobodyEligibleLeavesTheLeadUnassigned() {
        let team = [candidate("u-a", courses: ["course-coding"], owned: 2, cap: 3), candidate("u-b", owned: 9, cap: 9)]
        let leads = Array(repeating: CriteriaAllocation.Lead(courseIDs: ["course-coding"], grade: "A"), count: 3)
        let allocation = CriteriaAllocation.allocate(leads, among: team, after: nil)
        #expect(allocation.assignees == ["u-a", nil, nil])
        #expect(allocation.cursor == "u-a")
    }

    @Test func overRandomTeamsEveryLeadGoesToAnEligibleMatchingMemberWhenOneExists() {
        var generator = SeededGenerator(seed: 5_3)
        let courses = ["c1", "c2", "c3"], regions = ["1101", "3101", "4401"]
        for _ in 0..<200 {
            let team = (0..<Int.random(in: 1...5, using: &generator)).map { index in
                candidate("u\(index)", courses: Set(courses.filter { _ in Bool.random(using: &generator) }),
                          regions: regions.filter { _ in Int.random(in: 0...3, using: &generator) == 0 },
                          owned: Int.random(in: 0...3, using: &generator), cap: 4, active: Int.random(in: 0...4, using: &generator) > 0)
            }
            let leads = (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                CriteriaAllocation.Lead(courseIDs: [courses.randomElement(using: &generator)!],
                                        districtCode: regions.randomElement(using: &generator)! + "05", grade: "A")
            }
            let allocation = CriteriaAllocation.allocate(leads, among: team, after: nil)
            var owned = Dictionary(uniqueKeysWithValues: team.map { ($0.member.id, $0.member.ownedCount) })
            for (lead, (assignee, matched)) in zip(leads, zip(allocation.assignees, allocation.matched)) {
                let eligible = team.filter { $0.member.isActive && owned[$0.member.id, default: 0] < $0.member.maximumOwned }
                guard let assignee else {
                    #expect(eligible.isEmpty)
                    continue
                }
                let taker = try! #require(eligible.first { $0.member.id == assignee })
                let matching = eligible.filter { member in
                    (member.courseIDs.isEmpty || !member.courseIDs.isDisjoint(with: lead.courseIDs))
                        && (member.regionCodes.isEmpty || member.regionCodes.contains { lead.districtCode!.hasPrefix($0) })
                }
                #expect(matched == !matching.isEmpty)
                if matched { #expect(matching.contains { $0.member.id == taker.member.id }) }
                owned[assignee, default: 0] += 1
            }
        }
    }
}
