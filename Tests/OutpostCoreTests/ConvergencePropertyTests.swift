@testable import OutpostCore
import OutpostTestSupport
import Testing

/// Property tests of the merge core: over random change sets, the merged state does not
/// depend on delivery order (commutative), on duplicates (idempotent), or on how deliveries
/// are grouped (associative), so any delivery order converges to the same state.
///
/// Ranges are tiny on purpose, so equal walls, counters and fields come up often. Each run
/// prints nothing on success; a failure names the seed, which replays it exactly.
@Suite struct ConvergencePropertyTests {
    private let entity = EntityName("lead")
    private let fields = ["contact_name", "remark", "intent_level", "deleted"].map { FieldName($0) }

    private func randomChanges(using generator: inout SeededGenerator) -> [FieldChange] {
        var changes: [FieldChange] = []
        var usedClocks = Set<HLCTimestamp>()
        for _ in 0..<Int.random(in: 1...12, using: &generator) {
            let clock = HLCTimestamp(wallMilliseconds: Int64.random(in: 0...3, using: &generator),
                                     counter: UInt32.random(in: 0...2, using: &generator),
                                     deviceID: DeviceID("device-\(Int.random(in: 0...2, using: &generator))"))
            // Precondition: a device never issues the same clock twice.
            guard usedClocks.insert(clock).inserted else { continue }
            let field = fields.randomElement(using: &generator)!
            let value: FieldValue = field == .deleted
                ? .bool(Bool.random(using: &generator))
                : [.null, .text("a"), .text("b"), .text("王")].randomElement(using: &generator)!
            let base: HLCTimestamp? = Bool.random(using: &generator) ? nil
                : HLCTimestamp(wallMilliseconds: 0, counter: 0, deviceID: DeviceID("device-0"))
            changes.append(FieldChange(entity: entity, rowID: RowID("r"), field: field,
                                       version: FieldVersion(value: value, clock: clock, author: UserID("u\(clock.deviceID)")),
                                       base: base))
        }
        return changes
    }

    private func merged(_ changes: [FieldChange], into start: RowState = RowState()) -> RowState {
        var row = start
        for change in changes { _ = row.merge(change, policy: .lastWriterWins) }
        return row
    }

    @Test func anyDeliveryOrderGivesTheSameState() {
        for seed in 0..<500 as Range<UInt64> {
            var generator = SeededGenerator(seed: seed)
            let changes = randomChanges(using: &generator)
            let reference = merged(changes)
            for _ in 0..<5 {
                let shuffled = merged(changes.shuffled(using: &generator))
                #expect(shuffled == reference, "seed \(seed)")
                #expect(shuffled.isDeleted == reference.isDeleted, "seed \(seed)")
            }
        }
    }

    @Test func duplicatedDeliveriesChangeNothing() {
        for seed in 0..<500 as Range<UInt64> {
            var generator = SeededGenerator(seed: seed)
            let changes = randomChanges(using: &generator)
            let reference = merged(changes)
            var duplicated = changes
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                duplicated.insert(changes.randomElement(using: &generator)!, at: Int.random(in: 0...duplicated.count, using: &generator))
            }
            #expect(merged(duplicated) == reference, "seed \(seed)")
            #expect(merged(changes, into: reference) == reference, "seed \(seed)")
        }
    }

    @Test func groupingDeliveriesDoesNotMatter() {
        for seed in 0..<500 as Range<UInt64> {
            var generator = SeededGenerator(seed: seed)
            let changes = randomChanges(using: &generator)
            let cut = Int.random(in: 0...changes.count, using: &generator)
            // Two replicas each merge part of the changes, then exchange their states.
            let left = merged(Array(changes[..<cut]))
            let right = merged(Array(changes[cut...]))
            let exchanged = merged(fields.compactMap { field in
                right.version(of: field).map { FieldChange(entity: entity, rowID: RowID("r"), field: field, version: $0, base: nil) }
            }, into: left)
            #expect(exchanged == merged(changes), "seed \(seed)")
        }
    }

    @Test func theWinnerOfEachFieldIsItsHighestClock() {
        for seed in 0..<300 as Range<UInt64> {
            var generator = SeededGenerator(seed: seed)
            let changes = randomChanges(using: &generator)
            let row = merged(changes)
            for field in fields {
                let highest = changes.filter { $0.field == field }.max { $0.version.clock < $1.version.clock }
                #expect(row.version(of: field) == highest?.version, "seed \(seed)")
            }
        }
    }

    @Test func everyOverwrittenConcurrentWriteIsRecordedAsALoser() {
        for seed in 0..<300 as Range<UInt64> {
            var generator = SeededGenerator(seed: seed)
            let changes = randomChanges(using: &generator)
            var row = RowState()
            var losers = Set<FieldVersion>()
            var lostValues = Set<String>()
            for change in changes {
                let outcome = row.merge(change, policy: .lastWriterWins)
                if let conflict = outcome.conflict {
                    losers.insert(conflict.loser)
                    lostValues.insert("\(conflict.field)|\(conflict.loser.value)")
                }
            }
            // Invariant 2: each write is current, or lost (overwritten without having been
            // seen) and sits in a conflict record, or was knowingly overwritten (same device).
            for change in changes where row.version(of: change.field) != change.version {
                let knowinglyOverwritten = changes.contains { later in
                    later.field == change.field && later.version.clock > change.version.clock
                        && (later.version.clock.deviceID == change.version.clock.deviceID || later.base == change.version.clock)
                }
                // A write overwritten by the same value lost nothing: the value is current or logged.
                let valueKept = row.version(of: change.field)?.value == change.version.value
                    || lostValues.contains("\(change.field)|\(change.version.value)")
                    || changes.contains { $0.field == change.field && $0.version.value == change.version.value && $0.version.clock > change.version.clock }
                #expect(losers.contains(change.version) || knowinglyOverwritten || valueKept, "seed \(seed): \(change.version.clock) vanished")
            }
        }
    }
}
