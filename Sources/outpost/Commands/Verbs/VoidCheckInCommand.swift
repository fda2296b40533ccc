import ArgumentParser
import OutpostProtocol

/// `outpost void-checkin`: asks the server to void a check-in (branch managers and head
/// office); the check-in stays, marked void.
struct VoidCheckInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void-checkin",
        abstract: "Void a check-in, with a reason (branch managers and head office; runs at the next sync).",
        discussion: "Example: outpost void-checkin 3a4b5c6d7e8f --reason \"checked in at the wrong school\"")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The check-in's id, or enough of its first or last characters to be unique.",
                                 valueName: "check-in-id"))
    var checkIn: String

    @Option(help: ArgumentHelp("Why it is voided (kept in the audit log).", valueName: "text"))
    var reason: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !reason.allSatisfy(\.isWhitespace) else {
            throw ValidationError("--reason is empty. Say why the check-in is voided.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.voidCheckIn, verb: "void-checkin", id: checkIn, in: replica)
        try CommandSubject.queue(.voidCheckIn, on: target, arguments: ["reason": .text(reason)], in: replica, json: output.json)
    }
}
