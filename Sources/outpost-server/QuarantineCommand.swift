import ArgumentParser
import OutpostServer

/// `outpost-server quarantine list`: what disabled users pushed, kept for a manager's review.
struct QuarantineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "Show the changes disabled users pushed, which were kept instead of applied.",
        subcommands: [List.self])

    /// `quarantine list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List quarantined entries by device and sequence.")

        @OptionGroup var storeOption: StoreOption
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() async throws {
            let entries = try await AdminStore.run(storeOption.databasePath) { store in try await store.quarantinedEntries() }
            if json {
                print(try AdminOutput.json(entries))
                return
            }
            AdminOutput.table(["DEVICE", "SEQ", "USER", "ENTITY", "ROW", "FIELD OR COMMAND", "VALUE", "CLOCK", "RECEIVED"], entries.map { entry in
                [entry.device.rawValue, String(entry.sequence), entry.user.rawValue, entry.entity.rawValue, entry.rowID.rawValue,
                 entry.target, entry.valueJSON, entry.clock, AdminOutput.time(entry.receivedAt)]
            })
        }
    }
}
