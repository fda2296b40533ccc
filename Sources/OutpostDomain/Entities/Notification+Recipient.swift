import OutpostCore

extension OutpostSchema.Notification {
    /// Why `user` may not write to the notification holding `values`, or nil when they may: a
    /// notification is its recipient's, and only they mark it read (`read_at`, the one field
    /// a client writes; protocol/scopes.md §7). Anyone else is refused, even a team lead, who
    /// reads their team's notifications: `permission.not_owner` when `readsIt`, otherwise
    /// `permission.not_in_scope`.
    public static func refusal(writingTo values: [FieldName: FieldValue], by user: String, readsIt: Bool) -> WriteRefusal? {
        guard let recipient = values[FieldName("recipient_id")]?.textValue, recipient != user else { return nil }
        if readsIt {
            return WriteRefusal(code: "permission.not_owner",
                                message: "This notification is for \(recipient); only they may mark it read. Nothing was changed.")
        }
        return WriteRefusal(code: "permission.not_in_scope",
                            message: "This notification is not in your scope; nothing was changed.")
    }
}
