import Foundation
import OutpostTestSupport
import Testing

/// `outpost share --until` is checked on the laptop, in the words the user typed: a time in
/// the past or beyond a year queues nothing.
@Suite struct ShareInputTests {
    @Test func anEndInThePastIsRefusedAtOnceAndQueuesNothing() async throws {
        let replica = try makeTemporaryDirectory("outpost-cli-share").appendingPathComponent("replica.sqlite")
        #expect(try await OutpostRun.run(["init", "--server", "http://127.0.0.1:9", "--user", "u-wang", "--token", "t"], replica: replica).status == 0)
        let added = try await OutpostRun.run(["lead", "add", "--name", "王女士", "--mobile", "13900001111", "--json"], replica: replica)
        let id = try #require(try JSONDecoder().decode([String: String].self, from: Data(added.stdout.utf8))["id"])
        for (until, words) in [("2020-01-01", "in the past"), ("2099-01-01", "more than a year away")] {
            let refused = try await OutpostRun.run(["share", "lead", id, "--with", "u-zhao", "--until", until], replica: replica)
            #expect(refused.status == 64)
            #expect(refused.stderr.contains("--until \(until) is \(words)"), "\(refused.stderr)")
        }
        let status = try await OutpostRun.run(["commands", "--json"], replica: replica)
        #expect(!status.stdout.contains("\"share\""), "nothing was queued: \(status.stdout)")
    }
}
