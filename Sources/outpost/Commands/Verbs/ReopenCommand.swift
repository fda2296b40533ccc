import ArgumentParser
import OutpostCore
import OutpostProtocol
import OutpostReplica

/// `outpost reopen`: asks the server to reopen an opportunity at an earlier stage.
struct ReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Reopen an opportunity at a stage (team lead and above; runs at the next sync).",
        discussion: "Example: outpost reopen 3a4b5c6d7e8f --to-stage negotiation --reason \"parent called back\"")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The opportunity's id, or enough of its first or last characters to be unique.",
                                 valueName: "opportunity-id"))
    var opportunity: String

    @Option(name: .customLong("to-stage"), help: ArgumentHelp("The stage it reopens at.", valueName: "stage"))
    var stage: String

    @Option(help: ArgumentHelp("Why (kept in the audit log).", valueName: "text"))
    var reason: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !reason.allSatisfy(\.isWhitespace) else { throw ValidationError("--reason is empty. Say why the opportunity reopens.") }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.reopen, verb: "reopen", id: opportunity, in: replica)
        var stageWord = stage
        if let stageField = replica.schema.entity(target.entity)?.field(FieldName("stage")) {
            let value = try replica.valueParser(now: WallClock.now()).scalar(stage, named: "--to-stage", type: stageField.type, current: nil)
            stageWord = StageValue(value)?.stage ?? value.textValue ?? stage
        }
        try CommandSubject.queue(.reopen, on: target, arguments: ["to_stage": .text(stageWord), "reason": .text(reason)],
                                 in: replica, json: output.json)
    }
}
