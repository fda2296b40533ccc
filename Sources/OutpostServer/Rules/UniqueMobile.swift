import OutpostCore

/// A user's `mobile` is the name they sign in with (auth.md §1), so no two users share one
/// (DOMAIN §1.2 "uniqueness"): otherwise `POST /v1/login` signs the wrong person in. A pushed
/// write that gives a `user` row a number another live user holds is refused with
/// `user.mobile_taken`, whoever sends it, as `outpost-server users add` refuses it.
enum UniqueMobile {
    /// The field that must be unique among users.
    static let field = FieldName("mobile")

    /// Why `value` (normalized) may not be written to `field` of the row `key`, or nil when it may.
    static func refusal(writing value: FieldValue, to field: FieldName, of key: RowKey, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        guard key.entity == .user, field == Self.field, value != .null else { return nil }
        guard let holder = workspace.rows(.user, where: field, equals: value).first(where: { $0.id != key.id && !$0.row.isDeleted }) else {
            return nil
        }
        return CommandRefusal(code: "user.mobile_taken",
                              message: "That mobile number already belongs to user '\(holder.id)'. Each user signs in with their own number; nothing was changed.")
    }
}
