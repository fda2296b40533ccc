/// One field of an entity: its name, the values it accepts, whether a row needs it, its
/// merge policy, and whether tables index it, all declared in one place.
public struct FieldSchema: Sendable {
    /// The field's name, also its column name in every table made from the schema.
    public var name: FieldName
    /// The values it accepts.
    public var type: FieldType
    /// Whether a live row must hold a non-null value here.
    public var isRequired: Bool
    /// How concurrent writes to it are merged.
    public var policy: MergePolicy
    /// Whether the replica's and the server's tables keep an index on it: lookup keys such as
    /// a mobile number (de-dup, DOMAIN) or a parent id (a lead's follow-ups).
    public var isIndexed: Bool

    /// Declares a field.
    public init(_ name: String, _ type: FieldType, required isRequired: Bool = false,
                policy: MergePolicy = .lastWriterWins, indexed isIndexed: Bool = false) {
        self.name = FieldName(name)
        self.type = type
        self.isRequired = isRequired
        self.policy = policy
        self.isIndexed = isIndexed
    }

    /// Whether clients write this field (every policy but `serverOwned`).
    public var isClientWritable: Bool { policy.name != MergePolicy.serverOwned.name }

    /// Checks a value against this field's type and requiredness, and returns it in its
    /// canonical form (a formatted text normalized, for example `+86 138-1234-5678` →
    /// `13812345678`; a whole number written to a real field as a real).
    /// - Parameter current: the value it replaces, which a tag set's limit is judged against.
    /// - Throws: `ChangeRejection` with the code of what is wrong (see `FieldType.normalized`).
    public func normalized(_ value: FieldValue, replacing current: FieldValue? = nil) throws(ChangeRejection) -> FieldValue {
        if value == .null {
            if isRequired { throw .invalidValue(expected: "a value (it is required), " + type.description) }
            return value
        }
        return try type.normalized(value, replacing: current)
    }
}
