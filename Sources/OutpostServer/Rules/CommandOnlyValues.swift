import OutpostCore
import OutpostProtocol

/// Values a client may not write as plain field edits because a command must check them
/// first: a lead becomes `converted` only through `convert` (it creates the customer), an
/// opportunity becomes `won` only through `mark_won` (it needs a payment, R-13.3).
enum CommandOnlyValues {
    /// (entity, field, value) → the command that sets it.
    static let table: [String: [String: [String: CommandName]]] = [
        "lead": ["status": ["converted": .convert]],
        "opportunity": ["outcome": ["won": .markWon], "stage": ["won": .markWon]],
    ]

    /// - Throws: `CommandRefusal` with code `field.command_only` for such a write.
    static func check(_ change: PushChange) throws(CommandRefusal) {
        guard let values = table[change.entity.rawValue]?[change.field.rawValue] else { return }
        let word = change.value.textValue ?? StageValue(change.value)?.stage
        guard let word, let command = values[word] else { return }
        throw CommandRefusal(code: "field.command_only",
                             message: "'\(change.entity).\(change.field)' becomes '\(word)' only through the '\(command)' command, which the server checks; send that command instead.")
    }
}
