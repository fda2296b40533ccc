import Foundation
import OutpostBenchKit
import Testing

/// Runs the bench's short mode end to end, so `outpost-bench` cannot rot: every scenario
/// runs against a real server (the built `outpost-server` as a separate process when the
/// build made one, else in-process), S3 and S6pg against a throw-away PostgreSQL cluster when
/// PostgreSQL is installed (else they must say they were skipped), and every replica must
/// match its server at the end.
/// Sizes are cut further than `--quick` so a debug build stays well under a minute; figures
/// from a debug build are not compared with the targets.
@Suite struct QuickBenchTests {
    @Test func quickModeRunsEveryScenarioAndEveryReplicaMatchesTheServer() async throws {
        var configuration = BenchConfiguration.quick
        configuration.leadCount = 1_500
        configuration.changesPerRun = 1_500
        configuration.localEditsPerRun = 60
        configuration.pushClients = 4
        configuration.pushesPerClient = 10
        configuration.stormReplicas = 4
        configuration.stormChangesPerReplica = 150
        configuration.server = BenchRunner.serverExecutable == nil ? .inProcess : .automatic

        let report = try await BenchRunner.run(configuration)

        #expect(report.isCorrect, "\(report.renderedTable())")
        // PostgreSQL runs when it is installed (CI installs it); otherwise S3 and S6pg say why they were skipped.
        let skipped = report.scenarios.filter { $0.status == .skipped }
        for scenario in skipped {
            #expect(scenario.id == "S3" || scenario.id == "S6pg")
            #expect(scenario.notes.contains { $0.hasPrefix("skipped: ") }, "\(scenario.id) was skipped without a reason")
        }
        let postgresRan = skipped.isEmpty
        // The server, the S1 replica, the storm replicas; with PostgreSQL, its server and a replica bootstrapped from it.
        let databases: Int = 1 + 1 + 4 + (postgresRan ? 2 : 0)
        #expect(report.correctness.count == databases)
        let measured = report.scenarios.filter { $0.status == .measured }
        var expected: Set<String> = ["S1", "S2", "S2s", "S4", "S5", "S6", "S7a", "S7b", "S8"]
        if postgresRan { expected.formUnion(["S3", "S6pg"]) }
        let measuredIDs = Set(measured.map(\.id))
        #expect(measuredIDs == expected)
        for scenario in measured {
            #expect(scenario.median > 0 && scenario.baseline > 0, "\(scenario.id) measured nothing")
            #expect(scenario.ratio != nil && scenario.passed != nil, "\(scenario.id) has no verdict")
        }
        #expect(report.scenarios.allSatisfy { $0.status != .pending })
        let json = try JSONSerialization.jsonObject(with: try report.json()) as? [String: Any]
        #expect((json?["scenarios"] as? [Any])?.count == report.scenarios.count)
        #expect(report.renderedTable().contains("S8"))
    }
}
