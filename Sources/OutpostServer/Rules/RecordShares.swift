import OutpostCore
import OutpostDomain

/// Team memberships of leads and customers (R-8.1 b): the `record_share` rows and the
/// subject's `rw_member_ids` / `ro_member_ids`, which scopes read, kept in step. Used by the
/// `share` and `unshare` commands and by the expiry job (`ShareExpiry`).
enum RecordShares {
    /// The active share of `member` on `subject`, if any.
    static func active(of member: String, on subject: RowKey, in workspace: inout PlanWorkspace) -> (id: RowID, row: RowState)? {
        workspace.rows(.recordShare, where: FieldName("subject_id"), equals: .text(subject.id.rawValue)).first { _, row in
            !row.isDeleted && text(row, "member_id") == member && text(row, "subject_type") == subject.entity.rawValue
                && text(row, "status") == "active"
        }
    }

    /// Makes `member` a team member of `subject` with `access` (`read` or `read_write`): their
    /// active share, updated or new (granted by `author`), and the member lists. Every
    /// membership has its share row, so `unshare`, the expiry job and a move to another
    /// branch (`UserMove`) find it and end it.
    static func start(_ member: String, access: String, expiresAt: Int64?, on subject: RowKey, author: UserID,
                      in workspace: inout PlanWorkspace) {
        let values: [String: FieldValue] = ["access": .text(access), "expires_at": expiresAt.map { .integer($0) } ?? .null]
        if let current = active(of: member, on: subject, in: &workspace) {
            workspace.serverWrite(RowKey(entity: .recordShare, id: current.id), values, author: author)
        } else {
            workspace.append(.recordShare, values.merging([
                "subject_type": .text(subject.entity.rawValue), "subject_id": .text(subject.id.rawValue), "member_id": .text(member),
                "status": .text("active"), "granted_by": .text(author.rawValue),
            ]) { $1 }, author: author)
        }
        grant(member, access: access, on: subject, author: author, in: &workspace)
    }

    /// Puts `member` in the subject's list for `access` (`read` or `read_write`) and out of the other.
    static func grant(_ member: String, access: String, on subject: RowKey, author: UserID, in workspace: inout PlanWorkspace) {
        setMember(member, readWrite: access == "read_write" ? true : false, on: subject, author: author, in: &workspace)
    }

    /// Takes `member` out of both of the subject's lists.
    static func withdraw(_ member: String, on subject: RowKey, author: UserID, in workspace: inout PlanWorkspace) {
        setMember(member, readWrite: nil, on: subject, author: author, in: &workspace)
    }

    /// Ends every active share of `subject` and empties its member lists: the subject went
    /// to the public pool, so nobody keeps it through a team membership (R-8.1 b, d). Whoever
    /// claims it next starts with no team.
    static func endAll(on subject: RowKey, author: UserID = PlanWorkspace.system, in workspace: inout PlanWorkspace) {
        let shares = workspace.rows(.recordShare, where: FieldName("subject_id"), equals: .text(subject.id.rawValue)).filter { _, row in
            !row.isDeleted && text(row, "subject_type") == subject.entity.rawValue && text(row, "status") == "active"
        }
        for (id, _) in shares { end(id, status: "revoked", in: &workspace, author: author) }
        guard let row = workspace.row(subject) else { return }
        var values: [String: FieldValue] = [:]
        for field in ["rw_member_ids", "ro_member_ids"] where !(row.values[FieldName(field)]?.listValue ?? []).isEmpty {
            values[field] = .list([])
        }
        if !values.isEmpty { workspace.serverWrite(subject, values, author: author) }
    }

    /// Ends `member`'s team membership of `subject`, if they have one, and takes them out of
    /// its member lists: they now own it, and an owner is not a member of their own record's
    /// team (`share` refuses the owner too).
    static func endMembership(of member: String, on subject: RowKey, author: UserID, in workspace: inout PlanWorkspace) {
        if let share = active(of: member, on: subject, in: &workspace) {
            end(share.id, status: "revoked", in: &workspace, author: author)
        }
        withdraw(member, on: subject, author: author, in: &workspace)
    }

    /// Ends a share row: `status` (`revoked` or `expired`) and `ended_at`.
    static func end(_ share: RowID, status: String, in workspace: inout PlanWorkspace, author: UserID) {
        workspace.serverWrite(RowKey(entity: .recordShare, id: share), ["status": .text(status), "ended_at": .integer(workspace.serverNow)],
                              author: author)
    }

    // MARK: - Private

    /// `readWrite` true: in `rw_member_ids` only; false: in `ro_member_ids` only; nil: in neither.
    private static func setMember(_ member: String, readWrite: Bool?, on subject: RowKey, author: UserID, in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(subject) else { return }
        var values: [String: FieldValue] = [:]
        for (field, wanted) in [("rw_member_ids", readWrite == true), ("ro_member_ids", readWrite == false)] {
            var ids = (row.values[FieldName(field)]?.listValue ?? []).compactMap(\.textValue)
            let had = ids.contains(member)
            if wanted && !had { ids.append(member) }
            if !wanted && had { ids.removeAll { $0 == member } }
            if wanted != had { values[field] = .list(ids.map(FieldValue.text)) }
        }
        if !values.isEmpty { workspace.serverWrite(subject, values, author: author) }
    }

    private static func text(_ row: RowState, _ field: String) -> String? { row.values[FieldName(field)]?.textValue }
}
