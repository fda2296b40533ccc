import OutpostDomain
import OutpostTestSupport
import Testing

/// Round-robin allocation: C25's batch, and over random teams and batches that
/// counts differ by at most one, ineligible members never use up a turn, and the cursor carries
/// one batch into the next.
@Suite struct RoundRobinAllocationTests {
    private func member(_ id: String, owned: Int = 0, cap: Int = 500, active: Bool = true, weight: Int = 100,
                        position: String = "course_consultant") -> RoundRobinAllocation.Member {
        RoundRobinAllocation.Member(id: id, isActive: active, weight: weight, position: position, ownedCount: owned, maximumOwned: cap)
    }

    @Test func c25SkipsTheMemberAtTheCap() {
        let team = [member("u-wang"), member("u-zhao"), member("u-sun", owned: 3, cap: 3, position: "ground_sales")]
        // The cursor at Zhao: Wang received the last lead.
        let allocation = RoundRobinAllocation.allocate(count: 7, members: team, after: "u-wang")
        #expect(allocation.assignees == ["u-zhao", "u-wang", "u-zhao", "u-wang", "u-zhao", "u-wang", "u-zhao"])
        #expect(allocation.cursor == "u-zhao")
    }

    @Test func nobodyEligibleLeavesLeadsUnassignedAndTheCursorStill() {
        let team = [member("a", active: false), member("b", weight: 0), member("c", position: "team_lead")]
        let allocation = RoundRobinAllocation.allocate(count: 2, members: team, after: "b")
        #expect(allocation.assignees == [nil, nil])
        #expect(allocation.cursor == "b")
    }

    @Test func aMemberReachingTheCapMidBatchDropsOut() {
        let allocation = RoundRobinAllocation.allocate(count: 4, members: [member("a", owned: 4, cap: 5), member("b")], after: nil)
        #expect(allocation.assignees == ["a", "b", "b", "b"])
    }

    private func randomTeam(using generator: inout SeededGenerator) -> [RoundRobinAllocation.Member] {
        (0..<Int.random(in: 1...6, using: &generator)).map { index in
            member("u\(index)", active: Int.random(in: 0...3, using: &generator) > 0, weight: Int.random(in: 0...2, using: &generator),
                   position: ["course_consultant", "ground_sales", "team_lead"].randomElement(using: &generator)!)
        }.shuffled(using: &generator)
    }

    @Test func countsDifferByAtMostOneOverAConstantEligibleSet() {
        for seed in 0..<500 as Range<UInt64> {
            var generator = SeededGenerator(seed: seed)
            let team = randomTeam(using: &generator)
            var cursor: String? = Bool.random(using: &generator) ? "u\(Int.random(in: 0...6, using: &generator))" : nil
            var counts: [String: Int] = [:]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let allocation = RoundRobinAllocation.allocate(count: Int.random(in: 0...9, using: &generator), members: team, after: cursor)
                cursor = allocation.cursor
                for case let id? in allocation.assignees { counts[id, default: 0] += 1 }
            }
            let eligible = team.filter { $0.isActive && $0.weight > 0 && $0.position != "team_lead" }.map(\.id)
            let perPerson = eligible.map { counts[$0, default: 0] }
            #expect((perPerson.max() ?? 0) - (perPerson.min() ?? 0) <= 1, "seed \(seed)")
            #expect(Set(counts.keys).isSubset(of: Set(eligible)), "seed \(seed): only eligible members receive leads")
        }
    }

    @Test func ineligibleMembersNeverUseUpATurnAndBatchesChainThroughTheCursor() {
        for seed in 0..<500 as Range<UInt64> {
            var generator = SeededGenerator(seed: seed)
            let team = randomTeam(using: &generator)
            let eligibleOnly = team.filter { $0.isActive && $0.weight > 0 && $0.position != "team_lead" }
            let cursor: String? = eligibleOnly.randomElement(using: &generator)?.id
            let count = Int.random(in: 0...9, using: &generator)
            let withSkipped = RoundRobinAllocation.allocate(count: count, members: team, after: cursor)
            #expect(withSkipped == RoundRobinAllocation.allocate(count: count, members: eligibleOnly, after: cursor), "seed \(seed)")
            let split = Int.random(in: 0...count, using: &generator)
            let first = RoundRobinAllocation.allocate(count: split, members: team, after: cursor)
            let second = RoundRobinAllocation.allocate(count: count - split, members: team, after: first.cursor)
            #expect(first.assignees + second.assignees == withSkipped.assignees, "seed \(seed)")
        }
    }
}
