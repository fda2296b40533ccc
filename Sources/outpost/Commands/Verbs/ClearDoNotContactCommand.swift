import ArgumentParser
import OutpostProtocol

/// `outpost clear-dnc`: asks the server to lift a contact's do-not-contact mark, the only
/// way back from `true` (it wins every merge).
struct ClearDoNotContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear-dnc",
        abstract: "Lift a contact's do-not-contact mark, with a reason (runs at the next sync).",
        discussion: "Example: outpost clear-dnc 3a4b5c6d7e8f --reason \"asked to be called again on 2026-09-01\"")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The contact's id, or enough of its first or last characters to be unique.",
                                 valueName: "contact-id"))
    var contact: String

    @Option(help: ArgumentHelp("Why calls are allowed again (kept in the audit log).", valueName: "text"))
    var reason: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !reason.allSatisfy(\.isWhitespace) else {
            throw ValidationError("--reason is empty. Say why the contact may be called again.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.clearDoNotContact, verb: "clear-dnc", id: contact, in: replica)
        try CommandSubject.queue(.clearDoNotContact, on: target, arguments: ["reason": .text(reason)], in: replica, json: output.json)
    }
}
