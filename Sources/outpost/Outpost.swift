import ArgumentParser
import OutpostProtocol

/// `outpost`: the laptop CLI. Works on a local replica file offline; `outpost sync` exchanges
/// changes with the server when there is a network.
///
/// ```
/// outpost init --server http://127.0.0.1:8080 --user u-wang --token wang-demo-token
/// outpost lead add --name 王女士 --mobile 13900001111 --intent B
/// outpost sync
/// ```
@main
struct Outpost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outpost",
        abstract: "Work with CRM leads offline, and sync them when you are online.",
        discussion: """
            Every command works on one replica file: --replica PATH, else $OUTPOST_REPLICA, \
            else ./outpost-replica.sqlite. Start with `outpost init`.
            """,
        version: BuildVersion.description,
        subcommands: [
            InitCommand.self, LeadCommand.self, FollowUpCommand.self,
            SyncCommand.self, StatusCommand.self, ConflictsCommand.self, LogoutCommand.self,
        ] + SalesDayCommands.all)

    @OptionGroup var replicaOptions: ReplicaOptions

    /// Parses the command line, runs the command, and turns a failure into its exit code
    /// (`ExitCodes`), so no command picks its own.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let failure = ExitCodes.failure(for: error) else {
                guard exitCode(for: error) == ExitCodes.input else {
                    exit(withError: error)   // ArgumentParser's own: --help, --version, explicit exit codes
                }
                // A usage error or an option value a command's validate() refused: ArgumentParser's
                // message and usage, with the stable code after the message, like every refusal.
                var lines = fullMessage(for: error).components(separatedBy: "\n")
                lines[0] += " [\(ExitCodes.usageCode)]"
                Console.diagnose(lines.joined(separator: "\n"))
                if CommandLine.arguments.contains("--json") {
                    try? Console.printJSON(["error": ["code": ExitCodes.usageCode, "message": message(for: error)]])
                }
                exit(withError: ExitCodes.input)
            }
            let coded = failure.stableCode.map { failure.message.contains("[\($0)]") ? failure.message : "\(failure.message) [\($0)]" }
            Console.diagnose("Error: \(coded ?? failure.message)")
            if CommandLine.arguments.contains("--json") {
                // Scripts reading --json output get the refusal as JSON too.
                try? Console.printJSON(["error": ["code": failure.stableCode ?? "cli.failed", "message": failure.message]])
            }
            exit(withError: failure.code)
        }
    }
}
