import OutpostCore

/// A record merged into another (R-2.4, DOMAIN §3.2 rule 6): a tombstone whose
/// `merged_into_id` names the record that stands for it. The server sends every write to it
/// on to that record, so a laptop that knows of the merge refuses a restore or delete of it
/// with `code` rather than queue a write that would reach the other record.
public enum MergedRecord {
    /// The stable code a laptop refuses a restore or delete of a merged record with.
    public static let code = "record.merged"

    /// The record `values` (a row's fields) was merged into, or nil when it was not merged.
    public static func head(in values: [FieldName: FieldValue]) -> String? {
        values[FieldName("merged_into_id")]?.textValue
    }

    /// What a person is told when a restore or delete of `entity` merged into `head` is refused.
    public static func message(entity: EntityName, head: String) -> String {
        "This \(entity) was merged into \(entity) \(head): its fields, follow-ups and tags are there. "
            + "Open that one instead; a merged \(entity) cannot be restored or deleted on its own."
    }
}
