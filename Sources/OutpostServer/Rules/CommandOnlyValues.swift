import OutpostCore
import OutpostDomain
import OutpostProtocol

/// Values a client may not write as plain field edits because a command must check them
/// first: a lead becomes `converted` only through `convert` (it creates the customer) and
/// `invalid` only through `mark_invalid` (`OutpostSchema.Lead.commandOnlyValues`); an
/// opportunity becomes `won` only through `mark_won` (it needs a payment, R-13.3).
enum CommandOnlyValues {
    /// The command that sets each command-only word.
    private static let commands: [String: CommandName] = ["converted": .convert, "invalid": .markInvalid, "won": .markWon]

    /// entity → field → command-only words.
    static let table: [String: [String: Set<String>]] = [
        "lead": Dictionary(uniqueKeysWithValues: OutpostSchema.Lead.commandOnlyValues.map { ($0.key.rawValue, $0.value) }),
        "opportunity": ["outcome": ["won"], "stage": ["won"]],
    ]

    /// - Throws: `CommandRefusal` with code `field.command_only` for such a write.
    static func check(_ change: PushChange) throws(CommandRefusal) {
        guard let words = table[change.entity.rawValue]?[change.field.rawValue] else { return }
        guard let word = PlanWorkspace.word(change.value), words.contains(word) else { return }
        let command = commands[word].map { "the '\($0)' command" } ?? "a command"
        throw CommandRefusal(code: "field.command_only",
                             message: "'\(change.entity).\(change.field)' becomes '\(word)' only through \(command), which the server checks; send that command instead.")
    }
}
