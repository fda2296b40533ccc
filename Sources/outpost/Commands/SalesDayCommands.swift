import ArgumentParser

/// The commands of a salesperson's day (issue #4): generic records, command verbs, check-ins
/// and the command list. `Outpost` registers them after its own.
enum SalesDayCommands {
    /// Every one, in the order `outpost --help` lists them.
    static let all: [any ParsableCommand.Type] = [
        AddCommand.self, EditCommand.self, ShowCommand.self, ListCommand.self,
        ClaimCommand.self, ReleaseCommand.self, TransferCommand.self, ConvertCommand.self, MergeCommand.self,
        ReopenCommand.self, WonCommand.self, InvalidCommand.self, BookCommand.self, ClearDoNotContactCommand.self, ShareCommand.self, UnshareCommand.self, LockCommand.self, UnlockCommand.self,
        VoidCheckInCommand.self, RedactCommand.self,
        TagCommand.self,
        CheckInCommand.self, CommandsCommand.self, ExportCommand.self,
    ]
}
