/// Why a single change was refused. Each case has a stable `code` that travels on the wire
/// and a message that says what happened and what to do next.
public enum ChangeRejection: Hashable, Sendable, Error {
    /// The entity is not in the schema.
    case unknownEntity
    /// The entity has no such field.
    case unknownField
    /// The value does not fit the field's type; `expected` describes what would.
    case invalidValue(expected: String)
    /// The text is not in the field's format (a mobile number that is not one); `code` is
    /// the format's own stable code, such as `phone.invalid_format`.
    case invalidFormat(code: String, expected: String)
    /// The word is not one the field's enumeration (or stage list) allows.
    case unknownEnumWord(word: String, allowed: [String])
    /// A money field was given a negative amount of fen.
    case negativeMoney
    /// A date field was given text that is not a calendar date `YYYY-MM-DD` of `FieldType.dateYears`.
    case invalidDate
    /// The field cannot change once written.
    case immutableField
    /// Only the server writes this field, itself or through a command (`FieldCommandHint`).
    case serverOwnedField
    /// A ranked field (`forwardOnly`, `precedence`, `trueWins`) holds `current`, which its
    /// writer had seen and which outranks the value written: a later edit does not move it back.
    case outranked(current: String)

    /// The stable code a client can switch on.
    public var code: String {
        switch self {
        case .unknownEntity: "change.unknown_entity"
        case .unknownField: "change.unknown_field"
        case .invalidValue: "change.invalid_value"
        case .invalidFormat(let code, _): code
        case .unknownEnumWord: "value.unknown_enum"
        case .negativeMoney: "money.negative"
        case .invalidDate: "date.invalid"
        case .immutableField: "change.immutable_field"
        case .serverOwnedField: "change.server_owned_field"
        case .outranked: "change.outranked"
        }
    }

    /// A sentence for people, naming the entity and field involved.
    public func message(entity: EntityName, field: FieldName) -> String {
        switch self {
        case .unknownEntity:
            "There is no entity '\(entity)' in this schema. Update the app, or check the entity name."
        case .unknownField:
            "Entity '\(entity)' has no field '\(field)'. Check the field name against the schema."
        case .invalidValue(let expected):
            "Field '\(entity).\(field)' takes \(expected). Correct the value and save again."
        case .invalidFormat(_, let expected):
            "Field '\(entity).\(field)' takes \(expected). Correct it and save again."
        case let .unknownEnumWord(word, allowed):
            "Field '\(entity).\(field)' does not know '\(QuotedInput.shortened(word))'. Use one of \(allowed.joined(separator: ", ")), or update the app if the word is new."
        case .negativeMoney:
            "Field '\(entity).\(field)' is an amount in fen and cannot be negative. Enter 0 or more; a refund is its own record."
        case .invalidDate:
            "Field '\(entity).\(field)' takes a calendar date written YYYY-MM-DD from \(FieldType.dateYears.lowerBound) to \(FieldType.dateYears.upperBound), such as 2025-07-01. Correct it and save again."
        case .immutableField:
            "Field '\(entity).\(field)' cannot change once the record exists."
        case .serverOwnedField:
            "Field '\(entity).\(field)' is set by the server only; \(FieldCommandHint.serverOwned(entity, field))."
        case .outranked(let current):
            "Field '\(entity).\(field)' is at '\(current)', which an edit cannot move back; \(FieldCommandHint.outranked(entity, field))."
        }
    }
}
