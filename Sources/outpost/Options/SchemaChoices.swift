import OutpostCore
import OutpostDomain

/// The words an enumeration field of the schema accepts, so the CLI checks input against the
/// schema instead of keeping its own copy of the lists.
enum SchemaChoices {
    /// Intent levels of a lead (`A`…`D`).
    static let intentLevels = words(of: OutpostSchema.lead, "intent_level")
    /// Where a lead came from.
    static let sourceChannels = words(of: OutpostSchema.lead, "source_channel")
    /// How a follow-up happened.
    static let followUpKinds = words(of: OutpostSchema.followUp, "kind")

    // MARK: - Private

    private static func words(of entity: EntitySchema, _ field: String) -> [String] {
        guard case .enumeration(let words)? = entity.field(FieldName(field))?.type else { return [] }
        return words
    }
}
