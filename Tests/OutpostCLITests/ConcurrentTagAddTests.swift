import Foundation
import OutpostCore
import OutpostProtocol
import OutpostReplica
import OutpostTestSupport
@testable import outpost
import Testing

/// `outpost tag --add` on two laptops through a real server: an add of a tag the laptop
/// already shows is still an add, under a fresh add id, so a remove made meanwhile on another
/// laptop does not take it away (DESIGN `addWinsSet`, spec §7 and §9.4).
@Suite struct ConcurrentTagAddTests {
    /// Both laptops show `vip`; offline, Wang removes it while Zhao adds it again. In either
    /// sync order the tag stays everywhere, and no conflict is recorded.
    @Test(arguments: StoreKind.allCases, [true, false])
    func anAddOfAShownTagSurvivesAConcurrentRemove(store: StoreKind, adderSyncsFirst: Bool) async throws {
        try await withRunningServer(store) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "王妈妈", "mobile": "13812345678"])
            try tag(on: w1, id, .add, "vip")
            try await w1.sync()
            try await z1.sync()
            #expect(try tags(on: z1, id) == ["vip"])

            // Both offline: Wang removes vip; Zhao, whose laptop shows it, adds it again.
            try tag(on: w1, id, .remove, "vip")
            try tag(on: z1, id, .add, "vip")
            let (first, second) = adderSyncsFirst ? (z1, w1) : (w1, z1)
            let firstReport = try await first.sync()
            let secondReport = try await second.sync()
            try await first.sync()
            #expect(firstReport.applied == 1 && secondReport.applied == 1)

            for laptop in [w1, z1] {
                #expect(try tags(on: laptop, id) == ["vip"], "\(laptop.user.name): the concurrent add keeps the tag")
            }
            try await expectConverged([w1, z1], server: server)
            for user in [DemoUsers.wang, DemoUsers.zhao] {
                #expect(try await server.store.conflicts(lostBy: user.userID, after: 0, limit: 10).conflicts.isEmpty)
            }
        }
    }

    /// Two laptops tag one lead offline, each within the limit of 50; the merge (add wins)
    /// takes it past 50. Tags can then still be removed, one at a time, on the laptop and on
    /// the server, until the set is back under the limit; only adding is refused meanwhile.
    @Test(arguments: StoreKind.allCases)
    func tagsMergedPastTheLimitCanStillBeRemoved(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "王妈妈", "mobile": "13812345678"])
            try tag(on: w1, id, .add, (1...40).map { "w\($0)" }.joined(separator: ","))
            try tag(on: z1, id, .add, (1...15).map { "z\($0)" }.joined(separator: ","))
            try await w1.sync()
            try await z1.sync()
            try await w1.sync()
            #expect(try tags(on: w1, id)?.count == 55, "add wins: the merge keeps every tag")

            for removed in ["w1", "w2", "w3"] {
                try tag(on: w1, id, .remove, removed)   // 54, 53, 52: each below what it replaces
            }
            #expect(throws: (any Error).self, "growing a set past the limit is refused") { try tag(on: w1, id, .add, "w99") }
            let report = try await w1.sync()
            #expect(report.applied == 3 && report.rejected.isEmpty, "\(report)")
            try await z1.sync()
            #expect(try tags(on: z1, id)?.count == 52)
            try await expectConverged([w1, z1], server: server)

            // The server judges a pushed set against the one it holds: a larger one is refused.
            var grown = try #require(ObservedRemoveSet(try w1.lead(id)?.values[TagCommand.field] ?? .null))
            for extra in ["x1", "x2", "x3", "x4"] { grown = grown.adding(extra, addID: "x-\(extra)") }
            let device = try w1.replica.settings().deviceID
            let answer = try await server.store.apply(PushRequest(deviceID: device, changes: [
                PushChange(sequence: 1_000, entity: EntityName("lead"), rowID: id, field: TagCommand.field, value: grown.fieldValue,
                           clock: HLCTimestamp(wallMilliseconds: WallClock.now(), counter: 0, deviceID: device), base: nil),
            ]), author: DemoUsers.wang.userID, serverNow: WallClock.now())
            #expect(answer.results.map(\.status) == [.rejected])
            #expect(answer.results.first?.code == ErrorCode(rawValue: "change.invalid_value"))
        }
    }

    // MARK: - Private

    /// What `outpost tag lead ID --add TAG` (or `--remove`) writes on `laptop`.
    private func tag(on laptop: Laptop, _ id: RowID, _ operation: FieldAssignment.Operation, _ tag: String) throws {
        let entity = try laptop.replica.schema.entity(named: "lead")
        let words = [FieldAssignment(field: TagCommand.field, operation: operation, text: tag)]
        _ = try RecordEditor(replica: laptop.replica, entity: entity, rowID: id).apply(words)
    }

    private func tags(on laptop: Laptop, _ id: RowID) throws -> Set<String>? {
        ObservedRemoveSet(try laptop.lead(id)?.values[TagCommand.field] ?? .null)?.elements
    }
}
