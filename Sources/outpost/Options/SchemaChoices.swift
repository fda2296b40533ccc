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
    static let followUpMethods = words(of: OutpostSchema.followUp, "method")
    /// What a follow-up can be about.
    static let followUpSubjects = words(of: OutpostSchema.followUp, "subject_type")

    // MARK: - Private

    private static func words(of entity: EntitySchema, _ field: String) -> [String] {
        guard case .enumeration(let words)? = entity.field(FieldName(field))?.type else { return [] }
        return words
    }
}
