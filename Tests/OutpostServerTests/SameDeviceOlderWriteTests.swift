import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// A write that loses to a later write of its own device (a laptop restored from an older copy
/// of its replica, or one whose clock went back) records no conflict (spec §9.1), but it is not
/// the field's value, so it is answered `superseded` with the field's current version, never
/// `applied` (§11.2). The same value again is `applied`: nothing was lost.
@Suite struct SameDeviceOlderWriteTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases)
    func aWriteOlderThanItsOwnDevicesStoredWriteIsSupersededWithoutAConflict(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let lead: [String: FieldValue] = ["contact_name": .text("王妈妈"), "mobile": .text("13900001234"), "source_channel": .text("walk_in")]
            _ = try await wang.push(wang.create("lead", "l1", lead), [], to: store, at: now)
            // A later write, then an older one from the same device (its clock went back).
            let later = try await wang.push([wang.change("lead", "l1", "remark", .text("later"), at: now + 60_000)], [], to: store, at: now + 60_000)
            #expect(later.results.map(\.status) == [.applied])
            let older = try await wang.push([wang.change("lead", "l1", "remark", .text("older"), at: now - 60_000)], [], to: store, at: now + 61_000)
            let answer = try #require(older.results.first)
            #expect(answer.status == .superseded)
            #expect(answer.conflictID == nil)
            #expect(answer.currentVersion?.version.value == .text("later"))
            let lost = try await store.conflicts(lostBy: DemoUsers.wang.userID, after: 0, limit: 10)
            #expect(lost.conflicts.isEmpty)
            #expect(try await storeRows(store, as: DemoUsers.wang.userID)[RowID("l1")]?.values[FieldName("remark")] == .text("later"))

            // The stored value again, with an older clock: nothing was lost.
            let same = try await wang.push([wang.change("lead", "l1", "remark", .text("later"), at: now - 30_000)], [], to: store, at: now + 62_000)
            #expect(same.results.map(\.status) == [.applied])
        }
    }
}
