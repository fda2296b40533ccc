@testable import OutpostCore
import Testing

@Suite struct MergePolicyTests {
    private func version(_ value: String, _ wall: Int64, _ device: String = "w1", author: String = "u-wang") -> FieldVersion {
        FieldVersion(value: .text(value), clock: HLCTimestamp(wallMilliseconds: wall, counter: 0, deviceID: DeviceID(device)),
                     author: UserID(author))
    }

    @Test func lastWriterWinsFastForwardsWhenTheWriterSawCurrent() {
        let current = version("a", 10, "z1")
        let incoming = version("b", 20, "w1")
        #expect(LastWriterWins().resolve(current: current, incoming: incoming, base: current.clock) == .takeIncoming(concurrentLoser: nil))
    }

    @Test func lastWriterWinsRecordsTheCurrentAsLoserWhenConcurrent() {
        let current = version("a", 10, "z1")
        let incoming = version("b", 20, "w1")
        #expect(LastWriterWins().resolve(current: current, incoming: incoming, base: nil) == .takeIncoming(concurrentLoser: current))
    }

    @Test func lastWriterWinsKeepsAHigherCurrentClock() {
        let current = version("a", 30, "z1")
        let incoming = version("b", 20, "w1")
        #expect(LastWriterWins().resolve(current: current, incoming: incoming, base: nil) == .keepCurrent)
    }

    @Test func aDevicesOwnEarlierWriteIsNeverAConflict() {
        let current = version("a", 10, "w1")
        let incoming = version("b", 20, "w1")
        #expect(LastWriterWins().resolve(current: current, incoming: incoming, base: nil) == .takeIncoming(concurrentLoser: nil))
    }

    /// A laptop restored from an older copy of its replica sends writes again that its own later
    /// writes replaced: they lose, and lost nothing (no conflict); another device's older write
    /// still loses with a record.
    @Test func aDevicesOwnWriteArrivingAfterItsLaterOneLosesWithoutAConflict() {
        let field = FieldName("remark")
        let current = version("second thought", 20, "w1")
        func change(_ version: FieldVersion) -> FieldChange {
            FieldChange(entity: EntityName("lead"), rowID: RowID("l1"), field: field, version: version, base: nil)
        }
        let resent = FieldMerge.resolve(change(version("first thought", 10, "w1")), current: current, policy: .lastWriterWins)
        #expect(resent.decision == .keepCurrent)
        #expect(resent.conflict == nil)
        let other = FieldMerge.resolve(change(version("zhao's", 10, "z1", author: "u-zhao")), current: current, policy: .lastWriterWins)
        #expect(other.decision == .keepCurrent)
        #expect(other.conflict?.loser.value == .text("zhao's"))
    }

    @Test func theSameVersionTwiceIsAlreadyApplied() {
        let current = version("a", 10)
        #expect(LastWriterWins().resolve(current: current, incoming: current, base: nil) == .alreadyApplied)
        #expect(Immutable().resolve(current: current, incoming: current, base: nil) == .alreadyApplied)
        #expect(AppendOnly().resolve(current: current, incoming: current, base: nil) == .alreadyApplied)
    }

    @Test func immutableAndAppendOnlyFieldsRefuseADifferentValue() {
        let current = version("a", 10)
        let incoming = version("b", 20)
        #expect(Immutable().resolve(current: nil, incoming: incoming, base: nil) == .takeIncoming(concurrentLoser: nil))
        #expect(Immutable().resolve(current: current, incoming: incoming, base: current.clock) == .reject(.immutableField))
        #expect(AppendOnly().resolve(current: current, incoming: incoming, base: nil) == .reject(.immutableField))
    }

    @Test func fieldMergeBuildsConflictRecordsWithBothVersions() {
        let current = version("13900001111", 10, "w1", author: "u-wang")
        let incoming = version("13900002222", 20, "z1", author: "u-zhao")
        let change = FieldChange(entity: EntityName("lead"), rowID: RowID("r1"), field: FieldName("mobile"), version: incoming, base: nil)
        let outcome = FieldMerge.resolve(change, current: current, policy: .lastWriterWins)
        #expect(outcome.conflict == ConflictRecord(entity: EntityName("lead"), rowID: RowID("r1"), field: FieldName("mobile"),
                                                   winner: incoming, loser: current, rule: "lastWriterWins"))
        #expect(outcome.resultingVersion == incoming)

        let older = FieldChange(entity: EntityName("lead"), rowID: RowID("r1"), field: FieldName("mobile"),
                                version: version("x", 5, "s1"), base: nil)
        let lost = FieldMerge.resolve(older, current: current, policy: .lastWriterWins)
        #expect(lost.decision == .keepCurrent)
        #expect(lost.conflict?.loser.value == .text("x"))
        #expect(lost.conflict?.winner == current)
    }

    @Test func aTombstoneHidesTheRowUntilALaterWrite() {
        var row = RowState()
        let lead = EntityName("lead")
        let write: (String, FieldValue, Int64) -> FieldChange = { field, value, wall in
            FieldChange(entity: lead, rowID: RowID("r"), field: FieldName(field),
                        version: FieldVersion(value: value, clock: HLCTimestamp(wallMilliseconds: wall, counter: 0, deviceID: DeviceID("d")),
                                              author: UserID("u")), base: nil)
        }
        _ = row.merge(write("contact_name", .text("a"), 1), policy: .lastWriterWins)
        #expect(!row.isDeleted)
        _ = row.merge(write("deleted", .bool(true), 5), policy: .lastWriterWins)
        #expect(row.isDeleted)
        _ = row.merge(write("remark", .text("older edit"), 3), policy: .lastWriterWins)
        #expect(row.isDeleted)
        #expect(row.values[FieldName("remark")] == .text("older edit"))
        _ = row.merge(write("remark", .text("later edit"), 7), policy: .lastWriterWins)
        #expect(!row.isDeleted)
        _ = row.merge(write("deleted", .bool(true), 9), policy: .lastWriterWins)
        #expect(row.isDeleted)
        _ = row.merge(write("deleted", .bool(false), 11), policy: .lastWriterWins)
        #expect(!row.isDeleted)
        #expect(row.values[FieldName("remark")] == .text("later edit"))
    }
}
