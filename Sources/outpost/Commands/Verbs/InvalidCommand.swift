import ArgumentParser
import OutpostCore
import OutpostProtocol

/// `outpost invalid`: asks the server to mark a lead invalid (bad data: a wrong number, not a
/// prospect; ), which is what a salesperson does instead of deleting it.
struct InvalidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invalid",
        abstract: "Mark a lead invalid: bad data, not a prospect (runs at the next sync).",
        discussion: "Example: outpost invalid 3a4b5c6d7e8f --reason \"wrong number\"")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The lead's id, or enough of its first or last characters to be unique.", valueName: "lead-id"))
    var lead: String

    @Option(help: ArgumentHelp("Why it is invalid (kept in the audit log).", valueName: "text"))
    var reason: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if reason.allSatisfy(\.isWhitespace) {
            throw ValidationError("--reason is empty. Say in a few words why the lead is invalid, for example --reason \"wrong number\".")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.markInvalid, verb: "invalid", id: lead, in: replica)
        try CommandSubject.queue(.markInvalid, on: target, arguments: ["reason": .text(reason)], in: replica, json: output.json)
    }
}
