import OutpostCore

extension OutpostSchema.AuditLog {
    /// Why `user` on `device` may not write the new audit entry holding `values`, or nil when
    /// they may: an entry records who did something and where, so it names its
    /// writer as `actor_id` and their device as `device_id`. (The server stamps both with the
    /// authenticated user and the pushing device whatever a laptop sends; the laptop says so
    /// before journaling an entry in someone else's name.)
    public static func refusal(creating values: [FieldName: FieldValue], by user: String, on device: String) -> WriteRefusal? {
        if let actor = values[FieldName("actor_id")]?.textValue, actor != user {
            return WriteRefusal(code: "permission.not_allowed",
                                message: "An audit entry records who did it: its actor_id is you (\(user)), not '\(actor)'. Nothing was recorded.",
                                field: FieldName("actor_id"))
        }
        if let named = values[FieldName("device_id")]?.textValue, named != device {
            return WriteRefusal(code: "permission.not_allowed",
                                message: "An audit entry records where it was done: its device_id is this laptop (\(device)), not '\(named)'. Nothing was recorded.",
                                field: FieldName("device_id"))
        }
        return nil
    }
}
