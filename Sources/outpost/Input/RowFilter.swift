import OutpostCore

/// The `--where field=value` conditions of `outpost list`, read by each field's type: a row
/// matches when every condition holds.
struct RowFilter {
    private struct Condition {
        var field: FieldName
        var member: String?
        var expected: FieldValue
        var tag: String?
    }

    private let conditions: [Condition]

    /// Reads the conditions against the entity's schema.
    /// - Throws: `InputError` for an unknown field or a value that does not fit it.
    init(_ assignments: [FieldAssignment], of entity: EntitySchema, parser: FieldValueParser) throws {
        conditions = try assignments.map { assignment in
            let field = try entity.dataField(named: assignment.field)
            guard assignment.operation == .set else {
                throw InputError.unsupportedOperation(field: field.name, written: assignment.operation.rawValue,
                                                      hint: "--where takes field=value (tags=vip matches rows with that tag).")
            }
            if case .tagSet = field.type {
                return Condition(field: field.name, expected: .null, tag: assignment.text.trimmingCharacters(in: .whitespaces))
            }
            let value = try parser.value(of: assignment, for: field, current: nil)
            if let member = assignment.member {
                return Condition(field: field.name, member: member, expected: value.objectValue?[member] ?? .null)
            }
            return Condition(field: field.name, expected: value)
        }
    }

    /// Whether the row meets every condition.
    func matches(_ row: RowState) -> Bool {
        conditions.allSatisfy { condition in
            let value = row.values[condition.field] ?? .null
            if let tag = condition.tag {
                return ObservedRemoveSet(value)?.elements.contains(tag) ?? false
            }
            if let member = condition.member {
                return (value.objectValue?[member] ?? .null) == condition.expected
            }
            // A stage matches by its word, whatever the reopen epoch.
            if let expected = StageValue(condition.expected), let actual = StageValue(value) {
                return expected.stage == actual.stage
            }
            return value == condition.expected
        }
    }
}
