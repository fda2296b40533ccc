import OutpostCore

/// The readable name of a row, kept with a check-in (`subject_name_snapshot`) so the visit
/// stays readable after the row leaves the author's scope.
enum SubjectName {
    /// The fields that name a row, most telling first (`name` for a customer, `contact_name`
    /// for a lead).
    static let nameFields = ["name", "contact_name"]

    /// The row's name: its first naming field with text, else its first required text field
    /// with text; at most 128 characters.
    static func snapshot(of row: RowState, in entity: EntitySchema) -> String? {
        let requiredText = entity.dataFields.filter { field in
            guard case .text = field.type else { return false }
            return field.isRequired
        }.map(\.name.rawValue)
        let name = (nameFields + requiredText).lazy.compactMap { row.values[FieldName($0)]?.textValue }.first { !$0.isEmpty }
        return name.map { String($0.prefix(128)) }
    }
}
