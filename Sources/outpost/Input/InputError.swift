import OutpostCore

/// Input the CLI refuses once it knows the schema and the rows: a `field=value` that does
/// not fit its field, a name the schema does not have, a command on the wrong entity. Each
/// message names the value and says what to type instead, with a stable `code` (the server's
/// where it has one: `wechat.invalid_format`, `change.unknown_field`, …); exit code 64, like a
/// usage error, since nothing reached the replica.
enum InputError: Error, Equatable, CustomStringConvertible {
    /// A word that is not `field=value`, `field+=value`, `field-=value` or `field.member=value`.
    case notAnAssignment(word: String)
    /// The schema has no entity of this name.
    case unknownEntity(name: String, known: [String])
    /// The entity has no field of this name.
    case unknownField(entity: EntityName, field: String, known: [String])
    /// A composite field has no member of this name.
    case unknownMember(field: FieldName, member: String, known: [String])
    /// The text does not fit the field; `expected` says what would, `code` is the refusal's
    /// (a format's own, such as `wechat.invalid_format`).
    case invalidValue(field: String, text: String, expected: String, code: String = "change.invalid_value")
    /// `field=` with nothing after it.
    case emptyValue(field: String)
    /// `+=`, `-=` or `.member` on a field whose type does not take them.
    case unsupportedOperation(field: FieldName, written: String, hint: String)
    /// A field type this build of the CLI cannot read from text yet.
    case unsupportedType(field: FieldName, expected: String)
    /// A reference that matches no row, or several.
    case unresolvedReference(field: String, entity: EntityName, text: String, reason: String)
    /// An id was given whose entity another field names (`subject_type`), and that field is not set.
    case untypedReference(field: FieldName, typeField: FieldName)
    /// The same field is set twice in one command.
    case repeatedField(field: FieldName)
    /// A field is both set and cleared.
    case setAndCleared(field: FieldName)
    /// `edit` without anything to change.
    case nothingToChange(entity: EntityName)
    /// No row of the entity matches the id the person typed.
    case noSuchRow(entity: EntityName, id: String)
    /// The command needs an entity this build's schema does not replicate yet.
    case entityNotReplicated(name: String, command: String, known: [String])
    /// The command does not apply to rows of this entity.
    case wrongSubject(command: String, entity: EntityName, allowed: [String])
    /// A command argument the command cannot take, or a command the server would refuse
    /// (`code`: the server's code for it).
    case invalidArgument(command: String, reason: String, code: String = "command.invalid_argument")

    /// The refusal's stable code, printed after the message as `[code]` and in `--json` output.
    var code: String {
        switch self {
        case .notAnAssignment: "input.not_an_assignment"
        case .unknownEntity: "change.unknown_entity"
        case .unknownField, .unknownMember: "change.unknown_field"
        case .invalidValue(_, _, _, let code): code
        case .emptyValue: "input.empty_value"
        case .unsupportedOperation: "input.unsupported_operation"
        case .unsupportedType: "input.unsupported_type"
        case .unresolvedReference, .untypedReference: "input.unresolved_reference"
        case .repeatedField, .setAndCleared: "input.repeated_field"
        case .nothingToChange: "input.nothing_to_change"
        case .noSuchRow: "input.no_such_row"
        case .entityNotReplicated: "input.entity_not_replicated"
        case .wrongSubject: "command.wrong_subject"
        case .invalidArgument(_, _, let code): code
        }
    }

    var description: String {
        switch self {
        case .notAnAssignment(let word):
            "'\(QuotedInput.shortened(word))' is not a field assignment. Write field=value (for example intent_level=B), tags+=vip, tags-=cold or address.text=…."
        case let .unknownEntity(name, known):
            "There is no entity '\(name)'. Pass one of: \(known.joined(separator: ", "))."
        case let .unknownField(entity, field, known):
            "\(entity) has no field '\(field)'. Its fields are: \(known.joined(separator: ", "))."
        case let .unknownMember(field, member, known):
            "\(field) has no member '\(member)'. Write one of: \(known.map { "\(field).\($0)=…" }.joined(separator: ", "))."
        case let .invalidValue(field, text, expected, _):
            "'\(QuotedInput.shortened(text))' does not fit \(field), which takes \(expected). Correct the value and run the command again."
        case .emptyValue(let field):
            "\(field)= has no value. Pass one, or empty the field with `outpost edit … --clear \(field)`."
        case let .unsupportedOperation(field, written, hint):
            "\(written) does not work on \(field): \(hint)"
        case let .unsupportedType(field, expected):
            "This build of outpost cannot read a value for \(field) from the command line yet (it takes \(expected)). Update outpost."
        case let .unresolvedReference(field, entity, text, reason):
            "\(field)=\(QuotedInput.shortened(text)): \(reason) `outpost list \(entity)` shows the \(entity) ids."
        case let .untypedReference(field, typeField):
            "\(field) is the id of a row of the entity \(typeField) names, and \(typeField) is not set. Set it too, for example \(typeField)=lead."
        case .repeatedField(let field):
            "\(field) is set twice. Set each field once (for tags, use several tags+=… words)."
        case .setAndCleared(let field):
            "\(field) is both set and cleared (--clear \(field)). Pass one of them."
        case .nothingToChange(let entity):
            "Nothing to change. Pass field=value words or --clear FIELD; `outpost show \(entity) ID` lists the fields."
        case let .noSuchRow(entity, id):
            "No \(entity) with id '\(id)' on this laptop. `outpost list \(entity)` shows the ids; `outpost sync` fetches new rows."
        case let .entityNotReplicated(name, command, known):
            "`outpost \(command)` needs \(name) records, which this build does not replicate yet (it has: \(known.joined(separator: ", "))). Update outpost and sync."
        case let .wrongSubject(command, entity, allowed):
            "`outpost \(command)` works on \(allowed.joined(separator: " or ")) records, not on \(entity)."
        case let .invalidArgument(command, reason, _):
            "`outpost \(command)`: \(reason)"
        }
    }
}
