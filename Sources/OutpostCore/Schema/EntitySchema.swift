/// One replicated entity: its fields, in declaration order, whether its rows are mutable
/// records or append-only facts, and the rules a whole row must satisfy.
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
    /// Every field in declaration order, then the envelope fields (`envelopeFieldNames`).
    public var fields: [FieldSchema] { layout.fields }
    /// Rules about whole rows, beyond each field's own type (DOMAIN §2.1).
    public var rowRules: [RowRule] { layout.rowRules }
    /// The entity's own fields: everything but the envelope.
    public var dataFields: [FieldSchema] { layout.dataFields }
    /// The indexed fields tables keep an index on.
    public var indexedFields: [FieldSchema] { layout.indexedFields }
    /// What never changes once declared, shared by every copy: an entity's schema is copied
    /// wherever a row is planned or written, and copying six collections retained each.
    private let layout: Layout

    /// The fields every entity gets without declaring them (DOMAIN §1.0): `created_by`
    /// (serverOwned: the server stamps the authenticated user) on every entity, and on
    /// mutable ones `merged_into_id` (serverOwned: set by merge commands) and the `deleted`
    /// tombstone (last-writer-wins).
    public static let envelopeFieldNames: Set<FieldName> = [FieldName("created_by"), FieldName("merged_into_id"), .deleted]

    /// Declares an entity and adds its envelope fields. Declared fields of append-only
    /// entities take the `appendOnly` policy, except those declared `serverOwned` (a
    /// follow-up's `received_at`), which stay server-owned.
    /// - Parameters:
    ///   - fields: the entity's own fields; envelope fields given here are ignored (so a
    ///     schema can be re-declared from another's `dataFields`).
    ///   - rowRules: rules about whole rows, checked by `problems(in:isNew:)`.
    public init(_ name: String, kind: Kind = .mutable, fields: [FieldSchema], rowRules: [RowRule] = []) {
        self.name = EntityName(name)
        self.kind = kind
        var all = fields.filter { !Self.envelopeFieldNames.contains($0.name) }
        if kind == .appendOnly {
            all = all.map { field in
                var field = field
                if field.isClientWritable { field.policy = .appendOnly }
                return field
            }
        }
        all.append(FieldSchema("created_by", .reference(EntityName("user")), policy: .serverOwned))
        if kind == .mutable {
            all.append(FieldSchema("merged_into_id", .reference(EntityName(name)), policy: .serverOwned))
            all.append(FieldSchema(FieldName.deleted.rawValue, .boolean, policy: .lastWriterWins))
        }
        layout = Layout(fields: all, rowRules: rowRules)
    }

    /// The field named `name`, if the entity has one.
    public func field(_ name: FieldName) -> FieldSchema? {
        layout.fieldIndex[name].map { layout.fields[$0] }
    }

    /// The problems of a whole row: missing required fields (`validation.required`), then
    /// every row rule's. Pure; the laptop refuses an edit that adds a problem, and the server
    /// does the same with a push.
    ///
    /// Server-owned fields are never required here: the server fills them when it executes
    /// the command that creates or changes the row.
    /// - Parameters:
    ///   - values: the row's values after the edit (canonical, as `Schema.validate` returns
    ///     them); absent fields were never written.
    ///   - isNew: true for a row being created, where an absent required field is missing;
    ///     for an existing row only a required field cleared (to null or blank text) is.
    public func problems(in values: [FieldName: FieldValue], isNew: Bool) -> [RowProblem] {
        var problems: [RowProblem] = []
        let row = RowValues(values)
        // Null, absent or blank text: a required name of spaces is no name.
        for field in layout.requiredClientFields where (isNew || values[field.name] != nil) && row.isMissing(field.name.rawValue) {
            problems.append(.required(field.name, entity: name))
        }
        for rule in rowRules {
            problems += rule.problems(in: row)
        }
        return problems
    }
}

extension EntitySchema {
    /// The declared parts of an entity's schema, built once by `init`.
    private final class Layout: Sendable {
        let fields: [FieldSchema]
        let rowRules: [RowRule]
        let dataFields: [FieldSchema]
        let indexedFields: [FieldSchema]
        let fieldIndex: [FieldName: Int]
        /// The required fields a client writes, checked by `problems(in:isNew:)`.
        let requiredClientFields: [FieldSchema]

        init(fields: [FieldSchema], rowRules: [RowRule]) {
            self.fields = fields
            self.rowRules = rowRules
            dataFields = fields.filter { !EntitySchema.envelopeFieldNames.contains($0.name) }
            indexedFields = fields.filter(\.isIndexed)
            requiredClientFields = dataFields.filter { $0.isRequired && $0.isClientWritable }
            fieldIndex = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.name, $0) })
        }
    }
}
