import OutpostReplica
@testable import outpost
import Testing

/// What `outpost sync` says about rows that went away: after a server restore they are rows the
/// restored server no longer has, not rows that left the user's scope (round 20).
@Suite struct SyncSummaryTests {
    @Test func rowsRemovedByABootstrapAfterARestoreAreNotCalledRowsThatLeftTheScope() {
        var report = SyncReport()
        report.evictedRows = 3
        let ordinary = SyncSummary(report).rendered()
        #expect(ordinary.contains("left your scope 3 rows"))

        report.rebootstrapped = true
        report.requeuedForRebootstrap = 2
        let afterRestore = SyncSummary(report).rendered()
        #expect(afterRestore.contains("the server was restored from a backup"))
        #expect(afterRestore.contains("removed 3 rows the restored server no longer has"))
        #expect(!afterRestore.contains("left your scope"))
    }
}
