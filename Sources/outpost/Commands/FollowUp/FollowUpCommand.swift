import ArgumentParser

/// `outpost followup`: the group of commands for follow-up records (跟进记录).
struct FollowUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup",
        abstract: "Log follow-ups with leads (facts: never edited, never in conflict).",
        subcommands: [FollowUpAddCommand.self])
}
