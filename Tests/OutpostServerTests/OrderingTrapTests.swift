import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import Testing

/// DESIGN "Ordering trap": while writers commit concurrently, a puller following its cursor
/// never skips a change that commits later with a lower number.
@Suite struct OrderingTrapTests {
    @Test(arguments: StoreKind.allCases)
    func aCursorNeverSkipsAChangeWhileWritersCommitConcurrently(kind: StoreKind) async throws {
        try await withChangeStore(kind, schema: PlainSchema.current) { store in try await writeWhilePulling(store) }
    }

    private func writeWhilePulling(_ store: any ChangeStore) async throws {
        let writers = 4
        let pushesPerWriter = 40
        let rowsPerPush = 5
        let now: Int64 = 1_764_000_000_000

        let seen = try await withThrowingTaskGroup(of: Set<RowID>?.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let device = DeviceID("device-\(writer)")
                    var sequence: Int64 = 0
                    for push in 0..<pushesPerWriter {
                        let changes = (0..<rowsPerPush).map { index -> PushChange in
                            sequence += 1
                            return PushChange(sequence: sequence, entity: EntityName("lead"), rowID: RowID("w\(writer)-p\(push)-r\(index)"),
                                              field: FieldName("contact_name"), value: .text("家长"),
                                              clock: HLCTimestamp(wallMilliseconds: now, counter: UInt32(sequence), deviceID: device), base: nil)
                        }
                        _ = try await store.apply(PushRequest(deviceID: device, changes: changes), author: UserID("u-\(writer)"), serverNow: now)
                    }
                    return nil
                }
            }
            group.addTask {
                // A puller that keeps following its cursor while the writers run, then drains.
                var cursor: PullCursor?
                var ids = Set<RowID>()
                for _ in 0..<100_000 {
                    let page = try await store.pull(after: cursor, limit: 7)
                    for row in page.rows {
                        #expect(!ids.contains(row.id), "row \(row.id) delivered twice")
                        ids.insert(row.id)
                    }
                    cursor = page.nextCursor
                    // A skipped change would never arrive: the bounded loop then ends short of the total.
                    if ids.count == writers * pushesPerWriter * rowsPerPush { break }
                    await Task.yield()
                }
                return ids
            }
            var collected = Set<RowID>()
            for try await result in group {
                if let result { collected = result }
            }
            return collected
        }
        #expect(seen.count == writers * pushesPerWriter * rowsPerPush)
    }
}
