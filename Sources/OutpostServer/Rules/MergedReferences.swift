import OutpostCore

/// A new row that names a record merged away names the record that stands for it now
/// (DOMAIN §3.2 rule 6: what is written to a merged row goes to its head). A laptop writes
/// rows about records it holds, and learns of a merge only at its next pull: an appointment
/// booked for the provisional customer of a convert that lost to a colleague's (merged into
/// the winner's customer, `ConvertCommand`), or a contact added to a duplicate a manager just
/// folded away, would otherwise hang on a tombstone, out of the scope of the record's owner
/// and manager, with its reference immutable.
enum MergedReferences {
    /// The entities whose rows are merged (`RecordMerger`): a reference to one is followed.
    static let mergeable: Set<EntityName> = [.lead, .customer, .contact, .student, .opportunity]

    /// Re-points each reference of the new row `key` that names a merged record to that
    /// record's head (following the `merged_into_id` chain).
    static func follow(_ key: RowKey, in workspace: inout PlanWorkspace) {
        guard let entity = workspace.schema.entity(key.entity), let row = workspace.row(key) else { return }
        var heads: [String: FieldValue] = [:]
        for field in entity.fields {
            guard case .reference(let target) = field.type, mergeable.contains(target),
                  let id = row.values[field.name]?.textValue, !id.isEmpty else { continue }
            let head = workspace.head(of: RowKey(entity: target, id: RowID(id)))
            if head.id.rawValue != id { heads[field.name.rawValue] = .text(head.id.rawValue) }
        }
        if !heads.isEmpty { workspace.serverWrite(key, heads) }
    }
}
