import OutpostCore

/// Append-only rows (audit entries, follow-ups, check-ins) are facts: a push creates one whole
/// (a laptop never splits an edit across pushes) and nothing changes it afterwards, not even a
/// field it was created without.: an audit entry is refused `audit.immutable`, from
/// every role; another fact `change.immutable_field`. Repeating a stored value is harmless
/// (a push sent again) and goes on to the merge, which answers it applied.
enum AppendOnlyRows {
    /// The stable code of a refused write to a stored audit entry.
    static let auditImmutableCode = "audit.immutable"

    /// Why the write of `value` to `field` of the stored row `key` is refused, or nil when
    /// `key` is not an append-only row that existed before this push, or holds `value` already.
    static func refusal(writing value: FieldValue, to field: FieldName, of key: RowKey, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        guard workspace.schema.entity(key.entity)?.kind == .appendOnly, workspace.existedBefore(key),
              let stored = workspace.row(key), stored.values[field] != value else { return nil }
        if key.entity == .auditLog {
            return CommandRefusal(code: auditImmutableCode,
                                  message: "Audit entries are never changed once written, by anyone (R-10.2); nothing was changed.")
        }
        return CommandRefusal(code: "change.immutable_field",
                              message: "A \(key.entity) is a record of what happened: written once, never edited, not even a field it was saved without. Record a new one (a follow-up can name the one it corrects: correction_of_id).")
    }
}
