/// A whole-row rule a row breaks: which field, the stable code, and what to do.
public struct RowProblem: Hashable, Sendable {
    /// The stable code, for example `validation.required`.
    public var code: String
    /// The field the problem is about.
    public var field: FieldName
    /// What is wrong and what to do, for people.
    public var message: String

    /// Creates a problem.
    public init(code: String, field: FieldName, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }
}

extension EntitySchema {
    /// The rules `values` (a whole row) breaks; a new row must hold every required field.
    public func problems(in values: [FieldName: FieldValue], isNew: Bool) -> [RowProblem] {
        guard isNew else { return [] }
        return dataFields.filter { $0.isRequired && (values[$0.name] ?? .null) == .null }.map {
            RowProblem(code: "validation.required", field: $0.name,
                       message: "A new \(name) needs '\($0.name)'; fill it in and save again.")
        }
    }
}
