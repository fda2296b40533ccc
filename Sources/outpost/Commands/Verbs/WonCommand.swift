import ArgumentParser
import OutpostProtocol

/// `outpost won`: asks the server to mark an opportunity won (it checks for a paid order).
struct WonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "won",
        abstract: "Mark an opportunity won (needs a paid enrollment order; runs at the next sync).",
        discussion: "Example: outpost won 3a4b5c6d7e8f")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The opportunity's id, or enough of its first or last characters to be unique.",
                                 valueName: "opportunity-id"))
    var opportunity: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.markWon, verb: "won", id: opportunity, in: replica)
        try CommandSubject.queue(.markWon, on: target, in: replica, json: output.json)
    }
}
