import ArgumentParser
import OutpostCore
import OutpostProtocol

/// `outpost transfer`: asks the server to give a lead, customer or opportunity to another user.
struct TransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Transfer a lead, customer or opportunity to another user (runs at the next sync).",
        discussion: "Example: outpost transfer lead 3a4b5c6d7e8f --to u-zhao --reason \"covers Haidian\"")

    @OptionGroup var replicaOptions: ReplicaOptions
    @OptionGroup var subject: SubjectArguments

    @Option(help: ArgumentHelp("The user who takes it over, for example u-zhao.", valueName: "user-id"))
    var to: String

    @OptionGroup var reason: ReasonOption
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !to.isEmpty, !to.contains(where: \.isWhitespace) else {
            throw ValidationError("--to '\(to)' is not a user id. Pass one word, for example --to u-zhao.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.transfer, verb: "transfer", entity: subject.entity, id: subject.id, in: replica)
        var arguments: [String: FieldValue] = ["to_user": .text(to)]
        arguments["reason"] = reason.reason.map(FieldValue.text)
        try CommandSubject.queue(.transfer, on: target, arguments: arguments, in: replica, json: output.json)
    }
}
