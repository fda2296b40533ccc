import OutpostCore

extension OutpostSchema {
    /// The fields that hold the id of a row whose entity another field of the same row names
    /// (a polymorphic reference): entity → id field → the field naming its entity. The schema
    /// types such an id as text, since no single entity fits it; whoever reads what people
    /// type (the CLI) resolves it against the entity named beside it, like a reference.
    public static let typedReferences: [EntityName: [FieldName: FieldName]] = [
        EntityName("follow_up"): [FieldName("subject_id"): FieldName("subject_type")],
        EntityName("check_in"): [FieldName("subject_id"): FieldName("subject_type")],
        EntityName("ownership_event"): [FieldName("subject_id"): FieldName("subject_type")],
        EntityName("record_share"): [FieldName("subject_id"): FieldName("subject_type")],
        EntityName("suspected_duplicate"): [FieldName("subject_id"): FieldName("subject_type"), FieldName("other_id"): FieldName("other_type")],
        EntityName("notification"): [FieldName("about_id"): FieldName("about_type")],
    ]
}
