/// The description of everything that replicates: entities, fields, types and merge
/// policies. Tables on the laptop and on the server are made from it, and the handshake
/// compares fingerprints, so both sides agree on what a change means.
public struct Schema: Sendable {
    /// Increases whenever an entity or field is added.
    public var version: Int
    /// Every entity, in declaration order.
    public let entities: [EntitySchema]
    private let entityIndex: [EntityName: Int]

    /// Declares a schema.
    public init(version: Int, entities: [EntitySchema]) {
        self.version = version
        self.entities = entities
        self.entityIndex = Dictionary(uniqueKeysWithValues: entities.enumerated().map { ($1.name, $0) })
    }

    /// The entity named `name`, if the schema has one.
    public func entity(_ name: EntityName) -> EntitySchema? {
        entityIndex[name].map { entities[$0] }
    }

    /// Finds the field a change writes and checks the value against it.
    /// - Parameter current: the field's value the change replaces, when known: a tag set past
    ///   its limit may still shrink (`FieldType.normalized`).
    /// - Returns: the field's declaration and the value in its canonical form.
    /// - Throws: `ChangeRejection` for an unknown entity or field, or a value that does not fit.
    public func validate(entity: EntityName, field: FieldName, value: FieldValue,
                         replacing current: FieldValue? = nil) throws(ChangeRejection) -> (field: FieldSchema, value: FieldValue) {
        guard let entitySchema = self.entity(entity) else { throw .unknownEntity }
        guard let fieldSchema = entitySchema.field(field) else { throw .unknownField }
        return (fieldSchema, try fieldSchema.normalized(value, replacing: current))
    }

    /// A short stable hash of the schema's entities, fields, types, policies and row-rule
    /// names (FNV-1a,
    /// 64 bits, hex). Two builds with the same fingerprint interpret changes identically.
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let canonical = entities.map { entity in
            entity.name.rawValue + "(" + entity.kind.rawValue + "):" + entity.fields.map { field in
                "\(field.name.rawValue)|\(field.type.description)|\(field.isRequired)|\(field.policy.name)"
            }.joined(separator: ",") + entity.rowRules.map { "!" + $0.name }.joined()
        }.joined(separator: ";")
        for byte in canonical.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
