/// One replicated entity: its fields, in declaration order, and whether its rows are
/// mutable records or append-only facts.
public struct EntitySchema: Sendable {
    /// How rows of the entity change over time.
    public enum Kind: String, Sendable {
        /// Rows are edited field by field and deleted with a tombstone.
        case mutable
        /// Rows are immutable facts (follow-ups, check-ins): no edits, no deletes.
        case appendOnly
    }

    /// The entity's name, also its table name.
    public var name: EntityName
    /// Mutable or append-only.
    public var kind: Kind
    /// Every field in declaration order, including the `deleted` tombstone of mutable entities.
    public let fields: [FieldSchema]
    private let fieldIndex: [FieldName: Int]

    /// Declares an entity. Mutable entities get the `deleted` tombstone field added; the
    /// fields of append-only entities all take the `appendOnly` policy.
    public init(_ name: String, kind: Kind = .mutable, fields: [FieldSchema]) {
        self.name = EntityName(name)
        self.kind = kind
        var all = fields
        switch kind {
        case .mutable:
            all.append(FieldSchema(FieldName.deleted.rawValue, .boolean, policy: .lastWriterWins))
        case .appendOnly:
            all = all.map { field in
                var field = field
                field.policy = .appendOnly
                return field
            }
        }
        self.fields = all
        self.fieldIndex = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.name, $0) })
    }

    /// The field named `name`, if the entity has one.
    public func field(_ name: FieldName) -> FieldSchema? {
        fieldIndex[name].map { fields[$0] }
    }

    /// The fields a person edits (everything but the tombstone).
    public var dataFields: [FieldSchema] {
        fields.filter { $0.name != .deleted }
    }
}
