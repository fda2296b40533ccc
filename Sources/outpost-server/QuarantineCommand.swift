import ArgumentParser
import OutpostCore
import OutpostServer

/// `outpost-server quarantine list|release|discard`: what disabled users pushed, kept for a
/// manager's review (R-10.3), and the review's two outcomes.
///
/// ```
/// outpost-server quarantine list --db store.sqlite
/// outpost-server quarantine release --db store.sqlite --user u-wang
/// outpost-server quarantine discard --db store.sqlite --device w1 --seq 14 --seq 15
/// ```
struct QuarantineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "Show the changes disabled users pushed, which were kept instead of applied.",
        subcommands: [List.self, Release.self, Discard.self])

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

    /// `quarantine release`.
    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply quarantined entries as their author's (their permissions, their clocks); applied ones leave the quarantine.")

        @OptionGroup var storeOption: StoreOption
        @OptionGroup var selection: QuarantineSelectionOptions

        func run() async throws {
            let selected = try selection.selection()
            let (outcomes, stillDisabled) = try await AdminStore.run(storeOption.databasePath) { store in
                let outcomes = try await QuarantineReview(store: store).release(selected, serverNow: AdminStore.now())
                var disabled: [UserID] = []
                for user in Set(outcomes.map(\.entry.user)).sorted() where try await store.status(of: user) == UserStatus.disabled {
                    disabled.append(user)
                }
                return (outcomes, disabled)
            }
            AdminOutput.table(["DEVICE", "SEQ", "ENTITY", "ROW", "FIELD OR COMMAND", "RESULT", "REASON"], outcomes.map { outcome in
                [outcome.entry.device.rawValue, String(outcome.entry.sequence), outcome.entry.entity.rawValue, outcome.entry.rowID.rawValue,
                 outcome.entry.target, outcome.result.status.rawValue,
                 [outcome.result.code?.rawValue, outcome.result.message].compactMap { $0 }.joined(separator: ": ")]
            })
            let rejected = outcomes.filter { $0.result.status == .rejected }.count
            print("Released \(outcomes.count - rejected) of \(outcomes.count) entries."
                  + (rejected == 0 ? "" : rejected == 1 ? " 1 rejected entry stays in the quarantine; discard it when reviewed."
                     : " \(rejected) rejected entries stay in the quarantine; discard them when reviewed."))
            for user in stillDisabled {
                // What their entries created is theirs (R-4.1), and nobody works a disabled user's records.
                print("\(user.rawValue) is disabled: records these entries created are theirs. Hand them to a colleague with "
                      + "`outpost-server users disable \(user.rawValue) --hand-over-to COLLEAGUE` (their cut-off stays).")
            }
        }
    }

    /// `quarantine discard`.
    struct Discard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drop quarantined entries without applying them.")

        @OptionGroup var storeOption: StoreOption
        @OptionGroup var selection: QuarantineSelectionOptions

        func run() async throws {
            let selected = try selection.selection()
            let discarded = try await AdminStore.run(storeOption.databasePath) { store in
                try await QuarantineReview(store: store).discard(selected)
            }
            print("Discarded \(discarded.count) entr\(discarded.count == 1 ? "y" : "ies"); nothing was applied.")
        }
    }
}

/// Which quarantined entries `release` and `discard` act on: a user's, or a device's (some
/// sequences of it, or all).
struct QuarantineSelectionOptions: ParsableArguments {
    @Option(help: "Every entry this user pushed.") var user: String?
    @Option(help: "The entries of this device (see 'quarantine list').") var device: String?
    @Option(name: .customLong("seq"), help: "Only this sequence of --device (repeat for several).") var sequences: [Int64] = []

    /// The selection the options name.
    /// - Throws: `ValidationError` unless exactly one of --user and --device is given, and --seq only with --device.
    func selection() throws -> QuarantineReview.Selection {
        switch (user, device) {
        case (let user?, nil):
            guard sequences.isEmpty else { throw ValidationError("--seq goes with --device, not --user.") }
            return .user(UserID(user))
        case (nil, let device?):
            return .device(DeviceID(device), sequences: sequences)
        default:
            throw ValidationError("Pass --user USER or --device DEVICE (with --seq N to pick entries), not both and not neither.")
        }
    }
}
