import ArgumentParser
import Logging
import OutpostServer

/// `outpost-server reclaim`: runs the reclaim job now, as the server does at 00:00
/// company time, and prints what it moved. Running it twice the same day moves nothing more.
///
/// ```
/// outpost-server reclaim --db /var/lib/outpost/store.sqlite
/// ```
struct ReclaimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclaim",
        abstract: "Run the pool reclaim job now and print what it moved.")

    @OptionGroup var storeOption: StoreOption

    func run() async throws {
        let report = try await storeOption.withStore(logger: Logger(label: "outpost-server.reclaim")) { store in
            try await store.runReclaim(serverNow: OutpostServerCommand.now())
        }
        print("reclaim \(report.day): \(report.moves.count) moved")
        for move in report.moves {
            let destination = move.toOwner.map { "to \($0)" } ?? "to pool \(move.poolID)"
            print("\(move.entity) \(move.id)  from \(move.fromOwner) \(destination)  rule \(move.ruleID)  \(move.days) days")
        }
    }
}
