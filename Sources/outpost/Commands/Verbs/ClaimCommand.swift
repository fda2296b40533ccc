import ArgumentParser
import OutpostProtocol

/// `outpost claim`: asks the server to make a lead or customer of the public pool yours.
struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Claim a lead or customer from the public pool (runs at the next sync).",
        discussion: "Example: outpost claim lead 3a4b5c6d7e8f")

    @OptionGroup var replicaOptions: ReplicaOptions
    @OptionGroup var subject: SubjectArguments
    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.claim, verb: "claim", entity: subject.entity, id: subject.id, in: replica)
        try CommandSubject.queue(.claim, on: target, in: replica, json: output.json)
    }
}
