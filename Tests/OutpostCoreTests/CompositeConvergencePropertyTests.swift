import OutpostCore
import OutpostDomain
import OutpostTestSupport
import Testing

/// Property tests of the LWW-composite fields of schema 2 (DOMAIN §3.1): concurrent writes
/// of an address, a campus point or a schedule converge whatever the delivery order, and the
/// result is always one write whole, never members mixed from two writes.
@Suite struct CompositeConvergencePropertyTests {
    private static let composites = [("lead", "address"), ("customer", "address"), ("org_unit", "campus_geo"), ("appointment", "schedule")]

    /// A random value of a composite field: each member null or one of two small values.
    private func randomValue(of members: [String: FieldType], using generator: inout SeededGenerator) -> FieldValue {
        var object: [String: FieldValue] = [:]
        for (name, type) in members {
            let pick = Int.random(in: 0...2, using: &generator)
            switch (type, pick) {
            case (_, 0): object[name] = .null
            case (.text, _): object[name] = .text(pick == 1 ? "海淀区" : "朝阳区")
            case (.real, _): object[name] = .real(pick == 1 ? 39.9 : 40.1)
            case (.timestamp, _): object[name] = .integer(pick == 1 ? 1_000 : 2_000)
            case (.enumeration(let words), _): object[name] = .text(words[pick % words.count])
            default: object[name] = .null
            }
        }
        return .object(object)
    }

    @Test(arguments: composites)
    func concurrentCompositeWritesConvergeWhole(entity: String, field: String) throws {
        let schema = try #require(OutpostSchema.current.entity(EntityName(entity))?.field(FieldName(field)))
        guard case .composite(let members) = schema.type else { Issue.record("\(entity).\(field) is not a composite"); return }
        for seed in 0..<300 as Range<UInt64> {
            var generator = SeededGenerator(seed: seed)
            var changes: [FieldChange] = []
            var usedClocks = Set<HLCTimestamp>()
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let clock = HLCTimestamp(wallMilliseconds: Int64.random(in: 0...3, using: &generator),
                                         counter: UInt32.random(in: 0...1, using: &generator),
                                         deviceID: DeviceID("device-\(Int.random(in: 0...2, using: &generator))"))
                // Precondition: a device never issues the same clock twice.
                guard usedClocks.insert(clock).inserted else { continue }
                let value = try schema.normalized(randomValue(of: members, using: &generator))
                changes.append(FieldChange(entity: EntityName(entity), rowID: RowID("r"), field: schema.name,
                                           version: FieldVersion(value: value, clock: clock, author: UserID("u")), base: nil))
            }
            func merged(_ order: [FieldChange]) -> RowState {
                var row = RowState()
                for change in order { _ = row.merge(change, policy: schema.policy) }
                return row
            }
            let reference = merged(changes)
            for _ in 0..<4 {
                #expect(merged(changes.shuffled(using: &generator)) == reference, "\(entity).\(field) seed \(seed)")
            }
            // The survivor is one write, whole: the one with the highest clock.
            let newest = changes.max { $0.version.clock < $1.version.clock }
            #expect(reference.values[schema.name] == newest?.version.value, "\(entity).\(field) seed \(seed)")
        }
    }
}
