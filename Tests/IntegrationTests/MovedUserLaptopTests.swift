import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica
import OutpostServer
import OutpostTestSupport
import Testing

/// A laptop whose user moved to another branch (`outpost-server users move`): the server
/// restarts its pull, and the rows the new scope no longer holds leave the laptop. The sync's
/// summary counts them among the rows that left the user's scope, as it counts evictions.
@Suite struct MovedUserLaptopTests {
    @Test(arguments: StoreKind.allCases)
    func theRowsARestartedPullNoLongerDeliversAreCountedAsLeavingTheScope(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let clock = ManualClock(1_788_300_000_000)
            try await store.seed(try DemoOrganisation.rows() + [
                SeedRow(entity: EntityName("org_unit"), id: RowID("ou-cy-t1"), values: [
                    "parent_id": .text("ou-cy"), "kind": .text("team"), "name": .text("CY-T1"), "timezone": .text("Asia/Shanghai"),
                    "status": .text("active"), "path": .text("/ou-qihang/ou-cy/ou-cy-t1")]),
            ], serverNow: clock.now)
            let replica = try Replica(writer: DatabaseQueue())
            _ = try replica.configure(serverURL: URL(string: "direct://store/")!, userID: DemoUsers.wang.userID, token: "t", deviceID: DeviceID("w1"))
            let engine = SyncEngine(replica: replica, transport: StoreTransport(store: store, user: DemoUsers.wang.userID, clock: clock),
                                    now: { clock.now })
            _ = try replica.create(EntityName("lead"), values: [FieldName("contact_name"): .text("家长"), FieldName("mobile"): .text("13900001234"),
                                                               FieldName("source_channel"): .text("walk_in")], now: clock.now)
            _ = try await engine.sync()
            let before = try replica.rows(EntityName("lead")).count
            #expect(before >= 1)

            clock.advance(by: 60_000)
            _ = try await UserAdministration(store: store, schema: OutpostSchema.current, now: { clock.now })
                .move(UserMove(user: DemoUsers.wang.userID, unit: RowID("ou-cy-t1"), ownedRecords: .handOver(to: DemoUsers.zhao.userID)))
            clock.advance(by: 60_000)
            let report = try await engine.sync()
            #expect(try replica.rows(EntityName("lead")).isEmpty, "HD's lead left Wang's laptop (R-4.4)")
            #expect(report.evictedRows >= before, "every row the laptop dropped is counted: \(report)")
        }
    }
}
