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
            if let subject = Self.subject(named: assignment.text, by: field.name, of: entity, parser: parser) {
                return Condition(field: field.name, expected: .text(subject.rawValue))
            }
            let value = try parser.value(of: assignment, for: field, current: nil)
            if let member = assignment.member {
                return Condition(field: field.name, member: member, expected: value.objectValue?[member] ?? .null)
            }
            return Condition(field: field.name, expected: value)
        }
    }

    /// The one row a follow-up's or check-in's `subject_id` condition names by a short id (as
    /// a reference field takes one, round 33: `subject_id=3e141e8364ab` matched nothing), among
    /// the entities its `subject_type` allows; nil for another field, a full id, or no one row.
    private static func subject(named text: String, by field: FieldName, of entity: EntitySchema, parser: FieldValueParser) -> RowID? {
        guard field == FieldName("subject_id"),
              case .enumeration(let types)? = entity.field(FieldName("subject_type"))?.type else { return nil }
        let typed = text.trimmingCharacters(in: .whitespaces)
        let found = types.compactMap { type -> RowID? in
            guard case .one(let id)? = try? parser.resolveReference(EntityName(type), typed) else { return nil }
            return id
        }
        return found.count == 1 ? found[0] : nil
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
