import ArgumentParser
import Logging
import OutpostServer

/// `outpost-server reclaim`: runs the nightly job now (R-6, R-8.1 b), as the server does at
/// 00:00 company time, and prints what it moved, whom it warned (R-6.5) and which team
/// memberships ran out. Running it twice the same day moves and warns nothing more.
///
/// ```
/// outpost-server reclaim --db /var/lib/outpost/store.sqlite
/// ```
struct ReclaimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclaim",
        abstract: "Run the nightly job now (reclaim, reminders, expired team memberships) and print what it did.")

    @OptionGroup var storeOption: StoreOption

    func run() async throws {
        let report = try await storeOption.withStore(logger: Logger(label: "outpost-server.reclaim")) { store in
            try await store.runReclaim(serverNow: OutpostServerCommand.now())
        }
        print("reclaim \(report.day): \(report.moves.count) moved, \(report.warnings.count) owners warned, \(report.expiredShares.count) team memberships expired, \(report.rescoredLeads) lead scores changed")
        for move in report.moves {
            let destination = move.toOwner.map { "to \($0)" } ?? "to pool \(move.poolID)"
            print("\(move.entity) \(move.id)  from \(move.fromOwner) \(destination)  rule \(move.ruleID)  \(move.days) days")
        }
        for warning in report.warnings {
            print("\(warning.entity) \(warning.id)  owner \(warning.owner) warned: \(warning.daysLeft) day\(warning.daysLeft == 1 ? "" : "s") left")
        }
    }
}
