import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import Testing

/// Concurrent pushes share a transaction (group commit), yet each lands whole or not at all:
/// a push refused in the middle of a group leaves no trace, and the others are applied.
@Suite struct GroupCommitTests {
    private let now: Int64 = 1_764_000_000_000

    @Test func concurrentPushesAllLandAndARefusedOneLeavesNoTrace() async throws {
        let directory = try makeTemporaryDirectory()
        let store = try SQLiteChangeStore(path: directory.appendingPathComponent("s.sqlite").path, schema: PlainSchema.current,
                                          durability: .full)
        // "stolen" belongs to u-0; u-intruder's pushes from it must be refused.
        _ = try await store.apply(push(device: "stolen", row: "first", sequence: 1), author: UserID("u-0"), serverNow: now)

        let outcomes = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
            for round in 0..<5 {
                for writer in 0..<8 {
                    group.addTask {
                        let answer = try await store.apply(self.push(device: "d\(writer)", row: "w\(writer)-r\(round)", sequence: Int64(round + 1)),
                                                           author: UserID("u-\(writer)"), serverNow: self.now)
                        return ("w\(writer)-r\(round)", answer.results.allSatisfy { $0.status == .applied })
                    }
                }
                group.addTask {
                    do {
                        _ = try await store.apply(self.push(device: "stolen", row: "intruder-\(round)", sequence: Int64(round + 2)),
                                                  author: UserID("u-intruder"), serverNow: self.now)
                        return ("intruder-\(round)", true)
                    } catch ServerError.deviceMismatch {
                        return ("intruder-\(round)", false)
                    }
                }
            }
            var all: [String: Bool] = [:]
            for try await (row, applied) in group { all[row] = applied }
            return all
        }

        #expect(outcomes.count == 45)
        #expect(outcomes.filter { $0.key.hasPrefix("w") }.allSatisfy { $0.value })
        #expect(outcomes.filter { $0.key.hasPrefix("intruder") }.allSatisfy { !$0.value })
        let page = try await store.pull(after: nil, limit: 1000)
        let rows = Set(page.rows.map(\.id.rawValue))
        #expect(rows.count == 41)   // "first" and the 40 writes
        #expect(rows.filter { $0.hasPrefix("intruder") }.isEmpty)
    }

    /// A push alone in its group owns the transaction (no savepoint): refused, it leaves no
    /// trace and the writer goes on.
    @Test func aLoneRefusedPushLeavesNoTraceAndTheNextLands() async throws {
        let directory = try makeTemporaryDirectory()
        let store = try SQLiteChangeStore(path: directory.appendingPathComponent("s.sqlite").path, schema: PlainSchema.current,
                                          durability: .full)
        _ = try await store.apply(push(device: "stolen", row: "first", sequence: 1), author: UserID("u-0"), serverNow: now)
        await #expect(throws: ServerError.self) {
            _ = try await store.apply(self.push(device: "stolen", row: "intruder", sequence: 2), author: UserID("u-intruder"), serverNow: self.now)
        }
        let answer = try await store.apply(push(device: "stolen", row: "second", sequence: 2), author: UserID("u-0"), serverNow: now)
        #expect(answer.results.map(\.status) == [.applied])
        let rows = try await store.pull(after: nil, limit: 1000).rows.map(\.id.rawValue)
        #expect(Set(rows) == ["first", "second"])
    }

    private func push(device: String, row: String, sequence: Int64) -> PushRequest {
        PushRequest(deviceID: DeviceID(device), changes: [
            PushChange(sequence: sequence, entity: EntityName("lead"), rowID: RowID(row), field: FieldName("contact_name"),
                       value: .text("王妈妈"), clock: HLCTimestamp(wallMilliseconds: now, counter: UInt32(sequence), deviceID: DeviceID(device)),
                       base: nil),
        ])
    }
}
