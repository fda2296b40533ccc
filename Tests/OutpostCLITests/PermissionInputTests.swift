import Foundation
import OutpostCore
import OutpostReplica
import OutpostServer
import OutpostTestSupport
import Testing

/// Through the built binary against a real server, the tester's steps: a branch manager
/// renaming another branch or moving the company's time zone, a consultant writing an audit
/// entry in his manager's name, a team lead marking her consultant's notification read. Each
/// is refused before anything is queued (exit 2), with the code the server would answer.
@Suite struct PermissionInputTests {
    @Test func aLaptopRefusesWhatItsUserMayNotChange() async throws {
        try await withRunningServer(.sqlite) { server in
            let warning = "019a0000-0000-7000-8000-0000000000c9"
            try await server.store.seed(try DemoOrganisation.rows() + [SeedRow(entity: EntityName("notification"), id: RowID(warning), values: [
                "recipient_id": .text("u-wang"), "kind": .text("reclaim_warning"), "message": .text("Follow up on this lead."),
                "created_at": .integer(server.clock.now),
            ])], serverNow: server.clock.now)
            func laptop(_ user: TokenDirectory.Entry) async throws -> URL {
                let replica = try await OutpostRun.laptop(of: user, on: server)
                #expect(try await OutpostRun.run(["sync"], replica: replica).status == 0)
                return replica
            }
            let chen = try await laptop(DemoUsers.chen), zhao = try await laptop(DemoUsers.zhao), lily = try await laptop(DemoUsers.lily)
            let device = try Replica(path: zhao.path).settings().deviceID.rawValue
            let attempts: [(URL, [String], String)] = [
                (chen, ["edit", "org_unit", "ou-cy", "name=Renamed by HD manager"], "permission.not_allowed"),
                (chen, ["edit", "org_unit", "ou-qihang", "timezone=America/New_York"], "permission.not_allowed"),
                (zhao, ["add", "audit_log", "actor_id=u-chen", "device_id=\(device)", "action=export", "entity_type=lead",
                        "row_count=5000", "result=ok", "occurred_at=now"], "permission.not_allowed"),
                (lily, ["edit", "notification", warning, "read_at=now"], "permission.not_owner"),
            ]
            for (replica, arguments, code) in attempts {
                let refused = try await OutpostRun.run(arguments, replica: replica)
                #expect(refused.status == 2, "\(arguments): \(refused.stderr)")
                #expect(refused.stderr.contains("[\(code)]"), "\(arguments): \(refused.stderr)")
            }
            for replica in [chen, zhao, lily] {
                let sync = try await OutpostRun.run(["sync"], replica: replica)
                #expect(sync.stdout.hasPrefix("pushed 0 entries"), "nothing was queued: \(sync.stdout)")
            }
        }
    }
}
