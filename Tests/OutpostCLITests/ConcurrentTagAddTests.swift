import Foundation
import OutpostCore
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
