import OutpostCore
import OutpostProtocol

/// The arguments each command takes (`protocol/commands.md` §2). Requests are strict: an
/// argument a command does not take is refused rather than ignored, so a typo or a client
/// from another build is told instead of having the command run without what it meant.
enum CommandArguments {
    /// The argument names each command accepts; any of them may be optional.
    static let accepted: [CommandName: Set<String>] = [
        .claim: [],
        .release: ["pool_id", "reason"],
        .transfer: ["to_user", "reason"],
        .convert: Set(ConvertCommand.namedRows.map(\.argument)),
        .merge: ["tails"],
        .reopen: ["to_stage", "reason"],
        .markInvalid: ["reason"],
        .markWon: [],
        .book: ["trial_session_id"],
        .clearDoNotContact: ["reason"],
        .share: ["member", "access", "expires_at", "reason"],
        .unshare: ["member", "reason"],
        .lock: ["reason"],
        .unlock: ["reason"],
        .voidCheckIn: ["reason"],
        .redact: ["reason"],
    ]

    /// The refusal for arguments `command` does not take, or nil when it takes them all.
    static func refusal(for command: PushCommand) -> CommandRefusal? {
        guard let accepted = accepted[command.name] else { return nil }
        let unknown = command.arguments.keys.filter { !accepted.contains($0) }.sorted()
        guard !unknown.isEmpty else { return nil }
        let takes = accepted.isEmpty ? "takes no arguments" : "takes " + accepted.sorted().map { "'\($0)'" }.joined(separator: ", ")
        return CommandRefusal(code: "command.invalid_argument",
                              message: "'\(command.name)' \(takes); it does not know " + unknown.map { "'\($0)'" }.joined(separator: ", ") + ".")
    }
}
