/// One field of an entity: its name, the values it accepts, and its merge policy.
public struct FieldSchema: Sendable {
    /// The field's name, also its column name in every table made from the schema.
    public var name: FieldName
    /// The values it accepts.
    public var type: FieldType
    /// Whether a live row must hold a non-null value here.
    public var isRequired: Bool
    /// How concurrent writes to it are merged.
    public var policy: MergePolicy

    /// Declares a field.
    public init(_ name: String, _ type: FieldType, required isRequired: Bool = false, policy: MergePolicy = .lastWriterWins) {
        self.name = FieldName(name)
        self.type = type
        self.isRequired = isRequired
        self.policy = policy
    }

    /// Checks a value against this field's type and requiredness, and returns it in its
    /// canonical form (a formatted text normalized, for example `+86 138-1234-5678` →
    /// `13812345678`).
    /// - Throws: `ChangeRejection.invalidValue` or `.invalidFormat`.
    public func normalized(_ value: FieldValue) throws(ChangeRejection) -> FieldValue {
        if value == .null {
            if isRequired { throw .invalidValue(expected: "a value (it is required), " + type.description) }
            return value
        }
        if case .formatted(let format) = type {
            guard let text = value.textValue, let canonical = format.normalize(text) else {
                throw .invalidFormat(code: format.rejectionCode, expected: format.expected)
            }
            return .text(canonical)
        }
        guard type.accepts(value) else { throw .invalidValue(expected: type.description) }
        return value
    }
}
