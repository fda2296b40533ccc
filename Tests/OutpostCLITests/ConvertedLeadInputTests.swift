import Foundation
import OutpostCore
import OutpostTestSupport
import Testing

/// Through the built binary against a real server: once the laptop knows a lead was converted,
/// `outpost` refuses to edit it, merge it or queue any other command on it (claim, release,
/// transfer, share, unshare, invalid, convert) before anything is queued, in the words
/// the server would answer with.
@Suite struct ConvertedLeadInputTests {
    @Test func aLaptopThatKnowsOfTheConversionRefusesEditsMergesAndCommands() async throws {
        try await withRunningServer(.sqlite) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let replica = try await OutpostRun.laptop(of: DemoUsers.wang, on: server)
            func add(_ mobile: String) async throws -> String {
                let added = try await OutpostRun.run(["lead", "add", "--name", "王妈妈", "--mobile", mobile, "--source", "walk_in"], replica: replica)
                #expect(added.status == 0, "\(added.stderr)")
                return added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let converted = try await add("13712340031")
            let fresh = try await add("13712340032")
            #expect(try await OutpostRun.run(["convert", converted], replica: replica).status == 0)
            #expect(try await OutpostRun.run(["sync"], replica: replica).status == 0)

            let edit = try await OutpostRun.run(["edit", "lead", converted, "remark=after convert"], replica: replica)
            #expect(edit.status != 0)
            #expect(edit.stderr.contains("[lead.already_converted]"), "\(edit.stderr)")
            let merge = try await OutpostRun.run(["merge", "lead", fresh, converted], replica: replica)
            #expect(merge.status == 64)
            #expect(merge.stderr == "Error: `outpost merge`: lead \(converted.suffix(12)) was converted to a customer and is read-only; "
                    + "it cannot be merged. Merge the customers instead. Nothing was queued. [lead.already_converted]\n")
            let commands = [
                ["claim", "lead", converted], ["release", "lead", converted], ["transfer", "lead", converted, "--to", "u-zhao"],
                ["share", "lead", converted, "--with", "u-zhao"], ["unshare", "lead", converted, "--with", "u-zhao"],
                ["invalid", converted, "--reason", "wrong number"], ["convert", converted],
            ]
            for command in commands {
                let refused = try await OutpostRun.run(command, replica: replica)
                #expect(refused.status == 2, "\(command[0]): \(refused.stderr)")
                #expect(refused.stderr.contains("[lead.already_converted]"), "\(command[0]): \(refused.stderr)")
                #expect(refused.stderr.contains("Nothing was queued."), "\(command[0]): \(refused.stderr)")
            }
            let status = try await OutpostRun.run(["sync"], replica: replica)
            #expect(status.stdout.hasPrefix("pushed 0 entries"), "nothing was queued: \(status.stdout)")
        }
    }
}
