import OutpostCore
import OutpostProtocol

/// The handler of each command, and the one way commands are executed: idempotent by command
/// id, all-or-nothing on refusal, and never on a converted lead (R-14.3, `ConvertedLeads`).
struct CommandRegistry: Sendable {
    private let handlers: [CommandName: any CommandHandler]

    /// Every command of this build.
    static let standard = CommandRegistry(handlers: [
        .claim: ClaimCommand(),
        .release: ReleaseCommand(),
        .transfer: TransferCommand(),
        .convert: ConvertCommand(),
        .merge: MergeCommand(),
        .reopen: ReopenCommand(),
        .markInvalid: MarkInvalidCommand(),
        .markWon: MarkWonCommand(),
        .book: BookCommand(),
        .clearDoNotContact: ClearDoNotContactCommand(),
        .share: ShareCommand(),
        .unshare: UnshareCommand(),
        .lock: LockCommand(locking: true),
        .unlock: LockCommand(locking: false),
        .voidCheckIn: VoidCheckInCommand(),
        .redact: RedactCommand(),
    ])

    /// Whether `command` ran before, on any device: every executed command left an audit entry
    /// carrying its id. Such a command is answered `applied` and does nothing again, whatever
    /// its row and its actor's rights have become since (commands.md §1): a repeat (a laptop
    /// restored from an older copy sends it again) is judged by nothing else.
    func wasExecuted(_ command: PushCommand, in workspace: inout PlanWorkspace) -> Bool {
        !workspace.rows(.auditLog, where: FieldName("command_id"), equals: .text(command.id.rawValue)).isEmpty
    }

    /// Executes a command against the plan's rows and answers it.
    /// - Parameter scope: what the actor may see and change; nil when the server has no organisation.
    func execute(_ command: PushCommand, clock: HLCTimestamp, actor: UserID, scope: ReaderScope?,
                 in workspace: inout PlanWorkspace) -> PushResult {
        guard let handler = handlers[command.name] else {
            return PushResult(sequence: command.sequence, status: .rejected, code: ErrorCode(rawValue: "command.unknown"),
                              message: "This server does not know the command '\(command.name)'.")
        }
        if let refusal = CommandArguments.refusal(for: command) {
            return PushResult(sequence: command.sequence, status: .rejected, code: ErrorCode(rawValue: refusal.code), message: refusal.message)
        }
        if wasExecuted(command, in: &workspace) {
            return PushResult(sequence: command.sequence, status: .applied)
        }
        if let refusal = ConvertedLeads.refusal(of: command, by: actor, in: &workspace) {
            return PushResult(sequence: command.sequence, status: .rejected, code: ErrorCode(rawValue: refusal.code), message: refusal.message)
        }
        let saved = workspace
        var context = CommandContext(workspace: workspace, actor: actor, clock: clock, command: command, scope: scope)
        do {
            let outcome = try handler.execute(command, context: &context)
            workspace = context.workspace
            guard let refusal = outcome.refusal else {
                return PushResult(sequence: command.sequence, status: .applied, message: outcome.note, aliases: outcome.aliases)
            }
            return PushResult(sequence: command.sequence, status: .rejected, code: ErrorCode(rawValue: refusal.code),
                              message: refusal.message, aliases: outcome.aliases)
        } catch {
            var undone = context.workspace
            undone.rollBack(to: saved)
            workspace = undone
            return PushResult(sequence: command.sequence, status: .rejected, code: ErrorCode(rawValue: error.code),
                              message: error.message)
        }
    }
}
