/// A rule about a whole row rather than one field: "a lead needs a mobile, a WeChat id or a
/// landline", "a lost opportunity needs a reason". Pure, and evaluated identically on the
/// laptop and the server through `EntitySchema.problems(in:isNew:)`.
///
/// ```swift
/// RowRule("accuracy_positive") { row in
///     guard let accuracy = row.number("horizontal_accuracy_m"), accuracy <= 0 else { return [] }
///     return [RowProblem(code: "checkin.invalid_accuracy", field: FieldName("horizontal_accuracy_m"), message: "…")]
/// }
/// ```
public struct RowRule: Sendable {
    /// A stable name (part of the schema fingerprint).
    public let name: String
    private let check: @Sendable (RowValues) -> [RowProblem]

    /// Declares a rule.
    /// - Parameter check: returns the problems of a row; an empty list when it is fine.
    public init(_ name: String, check: @escaping @Sendable (RowValues) -> [RowProblem]) {
        self.name = name
        self.check = check
    }

    /// The problems of `row`.
    public func problems(in row: RowValues) -> [RowProblem] { check(row) }

    /// A field is required when another field holds a given word: `referrer_customer_id`
    /// when `source_channel` is `referral`, `lost_reason` when `outcome` is `lost`
    /// . The problem has the code `validation.required`.
    public static func requires(_ field: String, when condition: String, is word: String, in entity: String) -> RowRule {
        RowRule("\(field)_when_\(condition)_\(word)") { row in
            guard row.text(condition) == word, row.isMissing(field) else { return [] }
            return [.required(FieldName(field), entity: EntityName(entity), because: "when \(condition) is \(word)")]
        }
    }

    /// A field is required when another is set: a check-in's `subject_name_snapshot` when it
    /// has a `subject_id`. The problem has the code `validation.required`.
    public static func requires(_ field: String, whenPresent other: String, in entity: String) -> RowRule {
        RowRule("\(field)_with_\(other)") { row in
            guard !row.isMissing(other), row.isMissing(field) else { return [] }
            return [.required(FieldName(field), entity: EntityName(entity), because: "when \(other) is set")]
        }
    }

    /// At least one of `fields` is required (a lead's mobile, WeChat id or landline, R-1.1).
    /// The problem, code `validation.required`, names the first of them.
    public static func requiresOne(of fields: [String], in entity: String) -> RowRule {
        RowRule("one_of_" + fields.joined(separator: "_")) { row in
            guard fields.allSatisfy(row.isMissing) else { return [] }
            return [.required(FieldName(fields[0]), entity: EntityName(entity),
                              because: "or one of " + fields.dropFirst().joined(separator: ", "))]
        }
    }
}

/// The values of a row as a rule reads them, with typed accessors. An absent field and a
/// null one read the same: missing.
public struct RowValues: Sendable {
    /// The values by field.
    public var values: [FieldName: FieldValue]

    /// Wraps values.
    public init(_ values: [FieldName: FieldValue]) { self.values = values }

    /// The value of `field`, nil when absent or null.
    public subscript(_ field: String) -> FieldValue? {
        guard let value = values[FieldName(field)], value != .null else { return nil }
        return value
    }

    /// Whether `field` is absent, null or empty text.
    public func isMissing(_ field: String) -> Bool {
        guard let value = self[field] else { return true }
        return value.textValue?.allSatisfy(\.isWhitespace) ?? false
    }

    /// The text of `field`, if it holds text.
    public func text(_ field: String) -> String? { self[field]?.textValue }

    /// The integer of `field`, if it holds one.
    public func integer(_ field: String) -> Int64? { self[field]?.integerValue }

    /// The number of `field`, if it holds a real or an integer.
    public func number(_ field: String) -> Double? {
        switch self[field] {
        case .real(let number)?: number
        case .integer(let number)?: Double(number)
        default: nil
        }
    }
}
