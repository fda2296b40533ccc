import OutpostCore

/// A record merged into another (R-2.4, DOMAIN §3.2 rule 6): a tombstone whose
/// `merged_into_id` names the record that stands for it. Writes to it go to that record, but
/// its own deletion is not a field to write: neither restoring it nor deleting it again may
/// reach the record it was merged into, so both are refused with `code`.
public enum MergedRecord {
    /// The stable code a restore or delete of a merged record is refused with.
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
