import OutpostCore
import OutpostDomain

/// Leaves `notification` rows for people (R-6.5, R-6.7 / C4), planned through the workspace
/// like any server write, so a notification reaches its recipient on their next pull and
/// nobody else.
enum Notifications {
    /// Writes a notification for `recipient` unless one with `dedupKey` exists. The key must
    /// be made of stored facts (row ids, days), never of ids this plan makes: a plan runs again
    /// once its rows are loaded, and the lookup must ask the same question each time.
    /// - Parameters:
    ///   - kind: one of `OutpostSchema.Notification.kinds`.
    ///   - about: the record it is about; its name is kept as a snapshot (`aboutName` when the
    ///     recipient may not read that record's own name).
    ///   - dueAt: when what it warns about will happen, if it is about the future.
    /// - Returns: whether a notification was written.
    @discardableResult
    static func send(to recipient: UserID, kind: String, about: RowKey, aboutName: String? = nil, dueAt: Int64? = nil, message: String,
                     dedupKey: String, in workspace: inout PlanWorkspace) -> Bool {
        let sent = workspace.rows(.notification, where: FieldName("dedup_key"), equals: .text(dedupKey)).contains { !$0.row.isDeleted }
        guard !sent else { return false }
        let name = aboutName ?? workspace.text(about, "contact_name") ?? workspace.text(about, "name")
        workspace.append(.notification, [
            "recipient_id": .text(recipient.rawValue), "kind": .text(kind),
            "about_type": .text(about.entity.rawValue), "about_id": .text(about.id.rawValue),
            "about_name": name.map { .text(String($0.prefix(128))) } ?? .null,
            "message": .text(String(message.prefix(500))), "due_at": dueAt.map { .integer($0) } ?? .null,
            "dedup_key": .text(String(dedupKey.prefix(200))), "created_at": .integer(workspace.serverNow),
        ])
        return true
    }
}

extension Identifier where Kind == EntityKind {
    static var notification: EntityName { EntityName("notification") }
    static var recordShare: EntityName { EntityName("record_share") }
}
