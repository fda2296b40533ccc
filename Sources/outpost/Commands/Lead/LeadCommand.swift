import ArgumentParser

/// `outpost lead`: the group of commands that work on leads in the local replica.
struct LeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lead",
        abstract: "Add, edit, delete, restore, show and list leads (offline; sync later).",
        subcommands: [
            LeadAddCommand.self, LeadEditCommand.self, LeadDeleteCommand.self,
            LeadRestoreCommand.self, LeadShowCommand.self, LeadListCommand.self,
        ])
}
