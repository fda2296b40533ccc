import Foundation
import OutpostTestSupport
import Testing

/// Randomized schedules through a faulty network (issue 8): convergence, nothing acknowledged
/// lost, refusals visible with a reason, no push applied twice. `OUTPOST_SIM_SCHEDULES=10000`
/// runs a soak (from seed `OUTPOST_SIM_FIRST`, 0 by default); `OUTPOST_SIM_SEED=N` replays one
/// schedule.
@Suite struct SimulationTests {
    @Test func randomSchedulesConvergeAndLoseNothing() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seeds: [UInt64]
        if let seed = environment["OUTPOST_SIM_SEED"].flatMap(UInt64.init) {
            seeds = [seed]
        } else {
            let count = environment["OUTPOST_SIM_SCHEDULES"].flatMap(Int.init) ?? 200
            let first = environment["OUTPOST_SIM_FIRST"].flatMap(UInt64.init) ?? 0
            seeds = (first..<first + UInt64(count)).map { $0 }
        }
        var failures = 0
        for seed in seeds {
            let outcome = try await SyncSimulation(seed: seed).run()
            if !outcome.violations.isEmpty {
                failures += 1
                Issue.record("""
                    seed \(seed) broke an invariant (replay with OUTPOST_SIM_SEED=\(seed)):
                    \(outcome.violations.prefix(10).joined(separator: "\n"))
                    history:
                    \(outcome.history.joined(separator: "\n"))
                    """)
                if failures >= 3 { break }
            }
        }
        print("simulation: \(seeds.count) schedules, \(failures) with violations")
        #expect(failures == 0)
    }

    /// Seeds that once broke an invariant, kept as regression cases: 6, 14 and 24 lost fields
    /// of a row that moved ahead in the change log while a replica paged through it; 270, 271
    /// and 276 lost a laptop's later write to its own earlier one, clamped above it after the
    /// laptop's clock ran a day ahead.
    @Test(arguments: [6, 14, 24, 270, 271, 276] as [UInt64])
    func schedulesThatOnceFailedStayFixed(seed: UInt64) async throws {
        let outcome = try await SyncSimulation(seed: seed).run()
        #expect(outcome.violations.isEmpty, "\(outcome.violations.joined(separator: "\n"))")
    }
}
