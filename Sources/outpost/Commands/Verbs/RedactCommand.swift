import ArgumentParser
import OutpostProtocol

/// `outpost redact`: asks the server to hide a follow-up's content (branch managers and head
/// office), for a personal-data complaint.
struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Hide what a follow-up says, with a reason (branch managers and head office; runs at the next sync).",
        discussion: "Example: outpost redact 3a4b5c6d7e8f --reason \"the parent asked us to remove the notes\"")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The follow-up's id, or enough of its first or last characters to be unique.",
                                 valueName: "follow-up-id"))
    var followUp: String

    @Option(help: ArgumentHelp("Why it is hidden (kept in the audit log, without the content).", valueName: "text"))
    var reason: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !reason.allSatisfy(\.isWhitespace) else {
            throw ValidationError("--reason is empty. Say why the follow-up is hidden.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.redact, verb: "redact", id: followUp, in: replica)
        try CommandSubject.queue(.redact, on: target, arguments: ["reason": .text(reason)], in: replica, json: output.json)
    }
}
