@testable import OutpostCore
import OutpostTestSupport
import Testing

/// forwardOnly, precedence, trueWins, addWinsSet and serverOwned (DOMAIN §3.1): unit cases for
/// the scenarios they exist for, and properties over random delivery orders.
@Suite struct RankedPoliciesTests {
    private let stages = ["初步沟通", "商务洽谈", "确定意向", "成单"]

    private func version(_ value: FieldValue, _ wall: Int64, _ device: String = "w1") -> FieldVersion {
        FieldVersion(value: value, clock: HLCTimestamp(wallMilliseconds: wall, counter: 0, deviceID: DeviceID(device)), author: UserID("u-\(device)"))
    }

    private func stage(_ name: String, epoch: Int64 = 0) -> FieldValue { StageValue(epoch: epoch, stage: name).fieldValue }

    @Test func aStaleLowerStageCannotDragTheStageBack() {
        let rule = ForwardOnly(stages: stages)
        let current = version(stage("确定意向"), 10, "lily")
        #expect(rule.resolve(current: current, incoming: version(stage("商务洽谈"), 99, "wang"), base: nil) == .keepCurrent)
    }

    /// A writer who saw the further stage and later writes a lower one is told at once
    /// (`change.outranked`), whether it saw it as its own write or through its base; a
    /// writer who never saw it loses quietly as before (a conflict, §9.3).
    @Test func aLaterLowerStageByAWriterWhoSawTheFurtherOneIsRefused() {
        let rule = ForwardOnly(stages: stages)
        let ownEarlier = version(stage("确定意向"), 10, "wang")
        #expect(rule.resolve(current: ownEarlier, incoming: version(stage("商务洽谈"), 20, "wang"), base: nil) == .reject(.outranked(current: "确定意向")))
        let lilys = version(stage("确定意向"), 10, "lily")
        #expect(rule.resolve(current: lilys, incoming: version(stage("商务洽谈"), 20, "wang"), base: lilys.clock) == .reject(.outranked(current: "确定意向")))
        #expect(rule.resolve(current: lilys, incoming: version(stage("商务洽谈"), 20, "wang"), base: nil) == .keepCurrent)
        #expect(rule.resolve(current: ownEarlier, incoming: version(stage("商务洽谈"), 5, "wang"), base: nil) == .keepCurrent,
                "an older write of its own sent again (a restored laptop) is not an attempt to go back")
        let consent = TrueWins()
        let optedOut = version(.bool(true), 10, "zhao")
        #expect(consent.resolve(current: optedOut, incoming: version(.bool(false), 20, "wang"), base: optedOut.clock) == .reject(.outranked(current: "true")))
    }

    @Test func concurrentStagesKeepTheFurthestAndLogTheOther() {
        let rule = ForwardOnly(stages: stages)
        let lily = version(stage("确定意向"), 20, "lily")
        let wang = version(stage("商务洽谈"), 10, "wang")
        #expect(rule.resolve(current: wang, incoming: lily, base: nil) == .takeIncoming(concurrentLoser: wang))
        #expect(rule.resolve(current: lily, incoming: wang, base: nil) == .keepCurrent)
    }

    @Test func aReopenedEpochBeatsAStaleTerminalStage() {
        let rule = ForwardOnly(stages: stages)
        let won = version(stage("成单", epoch: 0), 50, "wang")
        let reopened = version(stage("初步沟通", epoch: 1), 40, "chen")
        #expect(rule.resolve(current: won, incoming: reopened, base: nil) == .takeIncoming(concurrentLoser: won))
        #expect(rule.resolve(current: reopened, incoming: won, base: nil) == .keepCurrent)
    }

    @Test func precedenceBeatsClocks() {
        let rule = PrecedenceLattice(order: ["open", "invalid", "lost", "won"])
        let won = version(.text("won"), 10, "wang")
        let lost = version(.text("lost"), 90, "lily")
        #expect(rule.resolve(current: won, incoming: lost, base: nil) == .keepCurrent)
        #expect(rule.resolve(current: lost, incoming: won, base: nil) == .takeIncoming(concurrentLoser: lost))
    }

    @Test func doNotContactCannotBeRevertedByALaterFalse() {
        let rule = TrueWins()
        let consent = version(.bool(true), 10, "zhao")
        #expect(rule.resolve(current: consent, incoming: version(.bool(false), 90, "wang"), base: nil) == .keepCurrent)
        #expect(rule.resolve(current: version(.bool(false), 90, "wang"), incoming: consent, base: nil) != .keepCurrent)
    }

    @Test func aConcurrentAddSurvivesARemoveThatDidNotSeeIt() {
        let seen = ObservedRemoveSet().adding("钢琴", addID: "a1")
        let removedOnW1 = seen.removing("钢琴")
        let addedAgainOnZ1 = seen.adding("钢琴", addID: "a2").adding("美术", addID: "a3")
        let rule = AddWinsSet()
        let decision = rule.resolve(current: version(removedOnW1.fieldValue, 10, "w1"),
                                    incoming: version(addedAgainOnZ1.fieldValue, 5, "z1"), base: nil)
        guard case .join(let joined) = decision else {
            Issue.record("expected a join, got \(decision)")
            return
        }
        #expect(ObservedRemoveSet(joined.value)?.elements == ["钢琴", "美术"])
        #expect(joined.clock == version(.null, 10, "w1").clock)
        #expect(removedOnW1.elements.isEmpty)
    }

    @Test func clientsCannotWriteServerOwnedFields() {
        #expect(ServerOwned().resolve(current: nil, incoming: version(.text("u-wang"), 1), base: nil) == .reject(.serverOwnedField))
        #expect(ChangeRejection.serverOwnedField.code == "change.server_owned_field")
    }

    @Test func stageAndTagSetValuesAreTypeChecked() {
        #expect(FieldType.stage(stages).accepts(stage("成单", epoch: 2)))
        #expect(!FieldType.stage(stages).accepts(stage("签约")))
        #expect(!FieldType.stage(stages).accepts(.text("成单")))
        #expect(FieldType.tagSet(maximumTags: 2).accepts(ObservedRemoveSet().adding("a", addID: "1").fieldValue))
        #expect(!FieldType.tagSet(maximumTags: 1).accepts(ObservedRemoveSet().adding("a", addID: "1").adding("b", addID: "2").fieldValue))
        let address = FieldType.composite(["address": .text(maximumLength: 10), "district_code": .text(maximumLength: 6)])
        #expect(address.accepts(.object(["address": .text("海淀区"), "district_code": .text("110108")])))
        #expect(!address.accepts(.object(["address": .text("海淀区")])))
    }

    // MARK: - Properties

    private func randomVersions(_ policy: String, using random: inout SeededGenerator) -> [FieldVersion] {
        var clocks = Set<HLCTimestamp>()
        var versions: [FieldVersion] = []
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            let clock = HLCTimestamp(wallMilliseconds: Int64.random(in: 0...3, using: &random), counter: UInt32.random(in: 0...1, using: &random),
                                     deviceID: DeviceID("d\(Int.random(in: 0...2, using: &random))"))
            guard clocks.insert(clock).inserted else { continue }
            let value: FieldValue = switch policy {
            case "forwardOnly": stage(stages.randomElement(using: &random)!, epoch: Int64.random(in: 0...1, using: &random))
            case "precedence": .text(["open", "invalid", "lost", "won"].randomElement(using: &random)!)
            case "trueWins": .bool(Bool.random(using: &random))
            default:
                (0..<Int.random(in: 0...3, using: &random)).reduce(ObservedRemoveSet()) { set, index in
                    let tag = ["a", "b"].randomElement(using: &random)!
                    return Bool.random(using: &random) ? set.adding(tag, addID: "\(clock)-\(index)") : set.removing(tag)
                }.fieldValue
            }
            versions.append(FieldVersion(value: value, clock: clock, author: UserID("u")))
        }
        return versions
    }

    private func rule(_ policy: String) -> MergePolicy {
        switch policy {
        case "forwardOnly": .forwardOnly(stages)
        case "precedence": .precedence(["open", "invalid", "lost", "won"])
        case "trueWins": .trueWins
        default: .addWinsSet
        }
    }

    private func merged(_ versions: [FieldVersion], policy: MergePolicy) -> RowState {
        var row = RowState()
        for version in versions {
            _ = row.merge(FieldChange(entity: EntityName("e"), rowID: RowID("r"), field: FieldName("f"), version: version, base: nil), policy: policy)
        }
        return row
    }

    @Test(arguments: ["forwardOnly", "precedence", "trueWins", "addWinsSet"])
    func anyDeliveryOrderAndDuplicationConverges(policy: String) {
        for seed in 0..<400 as Range<UInt64> {
            var random = SeededGenerator(seed: seed)
            let versions = randomVersions(policy, using: &random)
            let reference = merged(versions, policy: rule(policy))
            for _ in 0..<4 {
                var delivery = versions.shuffled(using: &random)
                delivery.append(contentsOf: versions.shuffled(using: &random).prefix(2))
                #expect(merged(delivery, policy: rule(policy)) == reference, "\(policy) seed \(seed)")
            }
            if policy == "trueWins", versions.contains(where: { $0.value == .bool(true) }) {
                #expect(reference.values[FieldName("f")] == .bool(true), "seed \(seed)")
            }
            if policy == "addWinsSet" {
                let union = versions.compactMap { ObservedRemoveSet($0.value) }.reduce(ObservedRemoveSet()) { $0.joined(with: $1) }
                #expect(ObservedRemoveSet(reference.values[FieldName("f")] ?? .null) == union, "seed \(seed)")
            }
        }
    }
}
