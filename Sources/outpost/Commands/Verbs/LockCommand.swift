import ArgumentParser
import OutpostCore
import OutpostProtocol

/// `outpost lock`: keeps a customer from reclaim (R-7.8: within the owner's lock cap).
struct LockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Keep a customer from going back to the pool at reclaim, within your lock cap (runs at the next sync).",
        discussion: "Example: outpost lock 3a4b5c6d7e8f --reason \"enrolling after the summer\"")

    @OptionGroup var lock: LockArguments

    func run() throws {
        try lock.queue(.lock, verb: "lock")
    }
}

/// `outpost unlock`: lets a locked customer be reclaimed again.
struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Let a locked customer be reclaimed again (runs at the next sync).",
        discussion: "Example: outpost unlock 3a4b5c6d7e8f")

    @OptionGroup var lock: LockArguments

    func run() throws {
        try lock.queue(.unlock, verb: "unlock")
    }
}

/// What `lock` and `unlock` take: the replica, the customer, an optional reason, the output.
struct LockArguments: ParsableArguments {
    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The customer's id, or enough of its first or last characters to be unique.", valueName: "customer-id"))
    var customer: String

    @OptionGroup var reason: ReasonOption
    @OptionGroup var output: OutputOptions

    /// Queues `command` on the customer these arguments name.
    func queue(_ command: CommandName, verb: String) throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(command, verb: verb, id: customer, in: replica)
        var arguments: [String: FieldValue] = [:]
        arguments["reason"] = reason.reason.map(FieldValue.text)
        try CommandSubject.queue(command, on: target, arguments: arguments, in: replica, json: output.json)
    }
}
