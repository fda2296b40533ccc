import ArgumentParser
import OutpostReplica

/// `outpost commands`: the commands this laptop queued (claim, convert, won…) and the
/// server's answers, newest first: pending until the next sync, then applied or rejected
/// with the code, the reason and, for a late convert, the alias map.
struct CommandsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commands",
        abstract: "List queued commands and the server's answers, newest first.")

    /// How many journal entries (edits and commands) are searched, newest first.
    static let searchedEntries = 100_000

    @OptionGroup var replicaOptions: ReplicaOptions

    // `.unconditional`: `--limit -1` is a value to refuse, not an unknown option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many commands.", valueName: "n"))
    var limit = 100

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit \(limit) lists nothing. Pass 1 or more.") }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let commands = Array(try replica.journalEntries(in: .pending, .applied, .superseded, .rejected, limit: Self.searchedEntries)
            .lazy.compactMap(CommandSummary.init).prefix(limit))
        if output.json {
            try Console.printJSON(commands)
        } else if commands.isEmpty {
            Console.diagnose("No commands queued on this laptop. `outpost claim`, `convert`, `won`… queue them.")
        } else {
            print(CommandSummary.table(commands).rendered())
        }
    }
}
