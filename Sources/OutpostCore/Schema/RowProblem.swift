/// Why a whole row is not acceptable (a lead without any phone or WeChat id, a lost
/// opportunity without a reason), found by `EntitySchema.problems(in:isNew:)`. The laptop
/// refuses the edit; the server refuses the push with the same `code`.
public struct RowProblem: Hashable, Sendable, CustomStringConvertible {
    /// The stable code a client can switch on, for example `validation.required`.
    public var code: String
    /// The field to fix.
    public var field: FieldName
    /// What is wrong and what to do, for people.
    public var message: String

    /// Describes a problem.
    public init(code: String, field: FieldName, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(code) (\(field)): \(message)" }

    /// The code of a required field that is missing (DOMAIN R-1.1).
    public static let requiredCode = "validation.required"

    /// A required field is missing.
    public static func required(_ field: FieldName, entity: EntityName, because reason: String? = nil) -> RowProblem {
        RowProblem(code: requiredCode, field: field,
                   message: "\(article(for: entity.rawValue)) \(entity) needs '\(field)'\(reason.map { " " + $0 } ?? ""). Fill it in and save again.")
    }

    /// "An" before a vowel sound ("An opportunity"), "A" otherwise ("A lead").
    private static func article(for noun: String) -> String {
        "aeiou".contains(noun.first ?? "x") ? "An" : "A"
    }
}
