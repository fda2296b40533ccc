import ArgumentParser
import OutpostCore
import OutpostProtocol

/// `outpost unshare`: asks the server to end a colleague's team membership of a lead or
/// customer (or your own, to leave it).
struct UnshareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unshare",
        abstract: "End a colleague's team membership of a lead or customer (runs at the next sync).",
        discussion: "Example: outpost unshare lead 3a4b5c6d7e8f --with u-zhao")

    @OptionGroup var replicaOptions: ReplicaOptions
    @OptionGroup var subject: SubjectArguments

    @Option(name: .customLong("with"), help: ArgumentHelp("The colleague whose membership ends (your own id to leave it).", valueName: "user-id"))
    var member: String

    @OptionGroup var reason: ReasonOption
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !member.isEmpty, !member.contains(where: \.isWhitespace) else {
            throw ValidationError("--with '\(member)' is not a user id. Pass one word, for example --with u-zhao.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.unshare, verb: "unshare", entity: subject.entity, id: subject.id, in: replica)
        var arguments: [String: FieldValue] = ["member": .text(member)]
        arguments["reason"] = reason.reason.map(FieldValue.text)
        try CommandSubject.queue(.unshare, on: target, arguments: arguments, in: replica, json: output.json)
    }
}
