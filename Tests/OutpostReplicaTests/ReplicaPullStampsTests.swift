import Foundation
import OutpostCore
import OutpostProtocol
@testable import OutpostReplica
import OutpostTestSupport
import Testing

/// A pulled row without local edits is read by its stamps alone and only the fields whose
/// stamps changed are written (`EntityTable.loadStamps`, `update(rowNumber:fields:…)`). Whatever the
/// path, the replica must end exactly where taking every version in order leads.
@Suite struct ReplicaPullStampsTests {
    private let lead = EntityName("lead")
    private let fields = ["remark", "intent_level", "contact_name", FieldName.deleted.rawValue]

    /// A version with a clock no other write has (walls may repeat or go back; the counter
    /// keeps every clock unique, as the devices' clocks do).
    private func version(_ field: String, wall: Int64, counter: UInt32, using generator: inout SeededGenerator) -> FieldVersion {
        let value: FieldValue
        switch field {
        case FieldName.deleted.rawValue: value = .bool(Bool.random(using: &generator))
        case "intent_level": value = .text(["A", "B", "C", "D"].randomElement(using: &generator)!)
        default: value = Int.random(in: 0..<4, using: &generator) == 0 ? .null : .text("备注\(Int.random(in: 0..<5, using: &generator))")
        }
        let device = ["z1", "w1"].randomElement(using: &generator)!
        return FieldVersion(value: value, clock: HLCTimestamp(wallMilliseconds: wall, counter: counter, deviceID: DeviceID(device)),
                            author: UserID("u-\(device)"))
    }

    @Test(arguments: [3, 17, 29])
    func pagesOfServerVersionsLeaveEveryRowAsTakingThemInOrderWould(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let replica = try Replica(path: try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path)
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        let ids = (0..<6).map { RowID("0193a2b4-0000-7000-8000-00000000000\($0)") }
        var expected: [RowID: RowState] = [:]
        var wall: Int64 = 1_000
        var counter: UInt32 = 0
        for page in 0..<40 {
            var rows: [PulledRow] = []
            for _ in 0..<Int.random(in: 1...5, using: &generator) {
                // A row may come twice in one page (then it is read whole), fields in any subset.
                let id = ids.randomElement(using: &generator)!
                var wire: [String: WireFieldVersion] = [:]
                var state = expected[id] ?? RowState()
                let chosen = expected[id] == nil ? fields : fields.filter { _ in Bool.random(using: &generator) }
                for field in chosen {
                    wall += Int64.random(in: -3...5, using: &generator)   // clocks need not rise: the server's version is taken
                    counter += 1
                    let taken = version(field, wall: wall, counter: counter, using: &generator)
                    wire[field] = WireFieldVersion(taken)
                    _ = state.adopt(taken, for: FieldName(field))
                }
                // Sometimes the same versions again: equal stamps, nothing to write.
                if Bool.random(using: &generator), let stored = expected[id] {
                    for (field, stamp) in stored.stamps.byField where wire[field.rawValue] == nil {
                        wire[field.rawValue] = WireFieldVersion(FieldVersion(value: stored.values[field] ?? .null, clock: stamp.clock, author: stamp.author))
                    }
                }
                expected[id] = state
                rows.append(PulledRow(entity: lead, id: id, fields: wire))
            }
            try replica.apply(PullPage(rows: rows, nextCursor: PullCursor(rawValue: "c\(page)"), hasMore: true))
            for (id, state) in expected {
                let stored = try #require(try replica.row(lead, id: id))
                #expect(stored.stamps == state.stamps)
                #expect(stored.values.filter { $0.value != .null } == state.values.filter { $0.value != .null })
            }
            let live = Set(try replica.rows(lead).map(\.id))
            #expect(live == Set(expected.filter { !$0.value.isDeleted }.keys))
        }
    }
}
