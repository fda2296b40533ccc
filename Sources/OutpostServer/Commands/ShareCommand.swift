import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `share`: makes `member` a team member of a lead or customer (R-8.1 b): `access` `read`
/// (default) lets them see it and its children, `read_write` also edit it; `expires_at` (UTC
/// ms, in the future) ends it on the first run of the nightly job at or after that time. The
/// owner shares their own record; anyone else needs `record.manage_others`. Sharing again
/// with the same member changes the access and expiry of the share in force. Members come
/// from the record's branch. Audited.
struct ShareCommand: CommandHandler {
    /// The longest a share may run: a year.
    static let longestMilliseconds: Int64 = 366 * 86_400_000

    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: command.entity, id: command.rowID)
        let subject = try context.subject(expecting: "lead", "customer")
        let owner = subject.values[FieldName("owner_id")]?.textValue
        if owner != context.actor.rawValue {
            try context.require(CommandPermission.manageOthers, to: "share a \(command.entity) you do not own")
        }
        let member = try context.argument("member")
        let access = command.arguments["access"]?.textValue ?? "read"
        guard OutpostSchema.RecordShare.accessLevels.contains(access) else {
            throw CommandRefusal(code: "command.invalid_argument", message: "'access' is '\(access)'; use read or read_write.")
        }
        let expiresAt = command.arguments["expires_at"]?.integerValue
        if let expiresAt, expiresAt <= context.now || expiresAt > context.now + Self.longestMilliseconds {
            throw CommandRefusal(code: "command.invalid_argument",
                                 message: "'expires_at' must be a time in the next 366 days (from now); leave it out for a share without end.")
        }
        guard let user = context.workspace.row(RowKey(entity: .user, id: RowID(member))), !user.isDeleted else {
            throw CommandRefusal(code: "user.not_found", message: "There is no user '\(member)'.")
        }
        guard user.values[FieldName("status")]?.textValue == "active" else {
            throw CommandRefusal(code: "user.disabled", message: "User '\(member)' is not active and cannot be a team member.")
        }
        // a record is seen by one branch only (head office sees every branch anyway).
        if let branch = subject.values[FieldName("branch_id")]?.textValue,
           let unit = user.values[FieldName("org_unit_id")]?.textValue,
           let memberBranch = TeamRoster.branch(of: RowID(unit), in: &context.workspace), memberBranch.rawValue != branch {
            throw CommandRefusal(code: "permission.not_in_scope",
                                 message: "'\(member)' works in another branch; a \(command.entity) is seen by its own branch only. Transfer it instead if it should move.")
        }
        guard member != owner else {
            throw CommandRefusal(code: "command.invalid_argument", message: "'\(member)' owns this \(command.entity) already.")
        }
        let values: [String: FieldValue] = ["access": .text(access), "expires_at": expiresAt.map { .integer($0) } ?? .null]
        RecordShares.start(member, access: access, expiresAt: expiresAt, on: key, author: context.actor, in: &context.workspace)
        context.audit("share", entity: command.entity, ids: [command.rowID], after: .object(values.merging(["member": .text(member)]) { $1 }),
                      reason: command.arguments["reason"]?.textValue)
        return .applied
    }
}
