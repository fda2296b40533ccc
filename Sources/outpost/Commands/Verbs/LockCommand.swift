import ArgumentParser
import OutpostCore
import OutpostProtocol

/// `outpost lock` and `outpost unlock`: keep a customer from reclaim, or let it go again
/// within the owner's lock cap).
struct LockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Keep a customer from going back to the pool at reclaim, within your lock cap (runs at the next sync).",
        discussion: "Example: outpost lock 3a4b5c6d7e8f --reason \"enrolling after the summer\"")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The customer's id, or enough of its first or last characters to be unique.", valueName: "customer-id"))
    var customer: String

    @OptionGroup var reason: ReasonOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Self.queue(.lock, verb: "lock", customer: customer, reason: reason.reason, replicaOptions: replicaOptions, json: output.json)
    }

    /// Queues `command` on the customer `customer` names.
    static func queue(_ command: CommandName, verb: String, customer: String, reason: String?, replicaOptions: ReplicaOptions, json: Bool) throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(command, verb: verb, id: customer, in: replica)
        var arguments: [String: FieldValue] = [:]
        arguments["reason"] = reason.map(FieldValue.text)
        try CommandSubject.queue(command, on: target, arguments: arguments, in: replica, json: json)
    }
}

/// `outpost unlock`: lets a locked customer be reclaimed again.
struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Let a locked customer be reclaimed again (runs at the next sync).",
        discussion: "Example: outpost unlock 3a4b5c6d7e8f")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The customer's id, or enough of its first or last characters to be unique.", valueName: "customer-id"))
    var customer: String

    @OptionGroup var reason: ReasonOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        try LockCommand.queue(.unlock, verb: "unlock", customer: customer, reason: reason.reason, replicaOptions: replicaOptions, json: output.json)
    }
}
