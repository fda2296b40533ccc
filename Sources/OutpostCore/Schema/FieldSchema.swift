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

    /// Checks a value against this field's type and requiredness.
    public func validate(_ value: FieldValue) -> ChangeRejection? {
        if value == .null {
            return isRequired ? .invalidValue(expected: "a value (it is required), " + type.description) : nil
        }
        return type.accepts(value) ? nil : .invalidValue(expected: type.description)
    }
}
