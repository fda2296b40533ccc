import ArgumentParser
import OutpostCore
import OutpostProtocol

/// `outpost release`: gives a lead or customer back to the public pool.
struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Release a lead or customer to the public pool (runs at the next sync).",
        discussion: "Example: outpost release lead 3a4b5c6d7e8f --reason \"moved to Shanghai\"")

    @OptionGroup var replicaOptions: ReplicaOptions
    @OptionGroup var subject: SubjectArguments
    @OptionGroup var reason: ReasonOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.release, verb: "release", entity: subject.entity, id: subject.id, in: replica)
        var arguments: [String: FieldValue] = [:]
        arguments["reason"] = reason.reason.map(FieldValue.text)
        try CommandSubject.queue(.release, on: target, arguments: arguments, in: replica, json: output.json)
    }
}
