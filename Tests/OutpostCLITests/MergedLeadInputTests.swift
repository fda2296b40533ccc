import Foundation
import OutpostCore
import OutpostTestSupport
import Testing

/// A lead merged into another (R-2.4) through the built binary against a real server: `lead
/// show` sends the reader to the lead it was merged into, and the laptop queues no restore or
/// delete of it, which the server would send on to that lead (`record.merged`).
@Suite struct MergedLeadInputTests {
    @Test func aMergedLeadPointsToItsHeadAndCannotBeRestoredOrDeleted() async throws {
        try await withRunningServer(.sqlite) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let wang = try await OutpostRun.laptop(of: DemoUsers.wang, on: server)
            let chen = try await OutpostRun.laptop(of: DemoUsers.chen, on: server)
            func add(_ arguments: [String]) async throws -> String {
                let added = try await OutpostRun.run(["lead", "add", "--source", "walk_in"] + arguments, replica: wang)
                #expect(added.status == 0, "\(added.stderr)")
                return added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let head = try await add(["--name", "郑妈妈", "--mobile", "13622223333"])
            let merged = try await add(["--name", "郑爸爸", "--wechat", "zheng_baba_1"])
            #expect(try await OutpostRun.run(["sync"], replica: wang).status == 0)
            #expect(try await OutpostRun.run(["sync"], replica: chen).status == 0)
            #expect(try await OutpostRun.run(["merge", "lead", head, merged], replica: chen).status == 0)
            #expect(try await OutpostRun.run(["sync"], replica: chen).status == 0)
            #expect(try await OutpostRun.run(["sync"], replica: chen).status == 0)

            let shown = try await OutpostRun.run(["lead", "show", merged], replica: chen)
            #expect(shown.stdout.contains("state: merged into lead \(head.suffix(12))"), "\(shown.stdout)")
            #expect(!shown.stdout.contains("lead restore"), "a merged lead is not offered a restore")
            let restore = try await OutpostRun.run(["lead", "restore", merged], replica: chen)
            #expect(restore.status != 0, "\(restore.stdout)")
            #expect(restore.stderr.contains("[record.merged]") && restore.stderr.contains(head), "\(restore.stderr)")
            let delete = try await OutpostRun.run(["lead", "delete", merged], replica: chen)
            #expect(delete.stderr.contains("was merged into lead \(head.suffix(12))"), "\(delete.stderr)")
            #expect(try await OutpostRun.run(["status", "--json"], replica: chen).stdout.contains(#""pendingEntries" : 0"#),
                    "nothing was journaled")
        }
    }
}
