import OutpostCore

/// Values a client may not write as plain field edits because a command must check them
/// first: a lead becomes `converted` only through `convert` (it creates the customer) and
/// `invalid` only through `mark_invalid` (`OutpostSchema.Lead.commandOnlyValues`); an
/// opportunity becomes `won` only through `mark_won` (it needs a payment, R-13.3). The server
/// refuses such a write (`field.command_only`), and a laptop refuses it before journaling it.
public enum CommandOnlyValues {
    /// The code of the refusal.
    public static let code = "field.command_only"

    /// The command that sets each command-only word.
    private static let commands = ["converted": "convert", "invalid": "mark_invalid", "won": "mark_won"]

    /// entity → field → command-only words.
    public static let table: [String: [String: Set<String>]] = [
        "lead": Dictionary(uniqueKeysWithValues: OutpostSchema.Lead.commandOnlyValues.map { ($0.key.rawValue, $0.value) }),
        "opportunity": ["outcome": ["won"], "stage": ["won"]],
    ]

    /// Why writing `value` to `entity.field` needs a command, or nil when it does not.
    public static func refusal(writing value: FieldValue, to field: FieldName, of entity: EntityName) -> String? {
        guard let words = table[entity.rawValue]?[field.rawValue],
              let word = StageValue(value)?.stage ?? value.textValue, words.contains(word) else { return nil }
        let command = commands[word].map { "the '\($0)' command" } ?? "a command"
        return "'\(entity).\(field)' becomes '\(word)' only through \(command), which the server checks; send that command instead."
    }
}
