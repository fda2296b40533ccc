import OutpostCore
import OutpostDomain

/// The field values one `outpost add` or `outpost edit` writes, read from its words against
/// the entity's schema.
enum RecordValues {
    /// Reads `assignments` in order, each building on the row's current value and on earlier
    /// words for the same field (`tags+=a tags+=b`, `address.text=… address.district_code=…`),
    /// then adds a null for each cleared field. An id whose entity another field names
    /// (`subject_id` beside `subject_type`: `OutpostSchema.typedReferences`) is resolved like
    /// a reference, against the entity named in the words or else on the row.
    /// - Parameters:
    ///   - current: the row's values, for an edit; nil for a new row.
    /// - Throws: `InputError` (unknown field, value that does not fit, a field set twice or
    ///   both set and cleared), or the parser's reference resolver's error.
    static func make(_ assignments: [FieldAssignment], clearing cleared: [FieldName] = [], of entity: EntitySchema,
                     current: [FieldName: FieldValue]?, parser: FieldValueParser) throws -> [FieldName: FieldValue] {
        var values: [FieldName: FieldValue] = [:]
        for assignment in assignments {
            let field = try entity.dataField(named: assignment.field)
            let isCollection = switch field.type {
            case .tagSet, .composite: true
            default: false
            }
            if values[field.name] != nil, !isCollection { throw InputError.repeatedField(field: field.name) }
            let base = values[field.name] ?? current?[field.name]
            values[field.name] = try parser.value(of: assignment, for: field, current: base)
        }
        for name in cleared {
            let field = try entity.dataField(named: name)
            if values[field.name] != nil { throw InputError.setAndCleared(field: field.name) }
            values[field.name] = .null
        }
        for (idField, typeField) in (OutpostSchema.typedReferences[entity.name] ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let typed = values[idField]?.textValue else { continue }
            guard let target = (values[typeField] ?? current?[typeField])?.textValue else {
                throw InputError.untypedReference(field: idField, typeField: typeField)
            }
            values[idField] = try parser.reference(typed, to: EntityName(target), named: idField.rawValue)
        }
        return values
    }
}
