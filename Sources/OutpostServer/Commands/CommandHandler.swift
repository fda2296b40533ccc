import OutpostCore
import OutpostProtocol

/// One command's server-side rules: checks, then writes through the context. Pure: it sees
/// storage only through `CommandContext.workspace`.
protocol CommandHandler: Sendable {
    /// Executes `command`.
    /// - Returns: the outcome; a rejection may keep effects (a waitlist entry, an alias map).
    /// - Throws: `CommandRefusal` when nothing may change; whatever was written is undone.
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome
}

/// What became of a command, beyond "applied".
struct CommandOutcome: Sendable, Equatable {
    /// The refusal, when the command did not do what it asked (its effects still stand).
    var refusal: CommandRefusal?
    /// Provisional row id → the row that stands for it.
    var aliases: [String: String]?
    /// What an applied command that found nothing to do says about it (a flag already clear).
    var note: String?

    /// The command did what it asked.
    static let applied = CommandOutcome()
}
