import OutpostCore
import OutpostDomain

/// Late evidence (R-6.7, DOMAIN §6 decision 4, C3/C4): a follow-up that reaches the server
/// after the reclaim job took its subject, written by the owner it was taken from before the
/// job ran and recent enough that the rule would not have fired, undoes a `to_pool` reclaim
/// while the subject is still unclaimed in the pool: owner and previous owner come back, the
/// subject is private again, and an OwnershipEvent `reclaim_reverted` records it. Once someone
/// claimed it, the claim stands (the follow-up is simply kept).
enum ReclaimRevert {
    /// Reverts the reclaim of `subject` when the follow-up at `followUpAt` by `author` says so.
    static func apply(to subject: RowKey, followUp: RowKey, followUpAt: Int64, author: UserID, in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(subject), !row.isDeleted,
              row.values[FieldName("pool_state")]?.textValue == "public",
              (row.values[FieldName("owner_id")] ?? .null) == .null,
              row.values[FieldName("previous_owner_id")]?.textValue == author.rawValue else { return }
        let events = workspace.rows(.ownershipEvent, where: FieldName("subject_id"), equals: .text(subject.id.rawValue))
            .map(\.row).sorted { time($0) < time($1) }
        // The event that put it in the pool must be the job's, taking it from this author.
        guard let reclaim = events.last, text(reclaim, "action") == "reclaim_auto", text(reclaim, "from_owner_id") == author.rawValue,
              let ruleID = text(reclaim, "rule_id"),
              let limit = workspace.row(RowKey(entity: .poolRule, id: RowID(ruleID)))?.values[FieldName("limit_days")]?.integerValue,
              ReclaimPolicy.revertsReclaim(followUpAt: followUpAt, author: author.rawValue, reclaimedAt: time(reclaim),
                                           reclaimedFrom: author.rawValue, limitDays: Int(limit), calendar: ClaimCommand.companyCalendar)
        else { return }
        // Who owned it before the author: the giver of the author's last gain before the reclaim.
        let before = events.last { time($0) < time(reclaim) && text($0, "to_owner_id") == author.rawValue }
        workspace.serverWrite(subject, [
            "owner_id": .text(author.rawValue), "previous_owner_id": before?.values[FieldName("from_owner_id")] ?? .null,
            "pool_state": .text("private"), "pool_id": .null, "pool_entered_at": .null,
        ])
        workspace.append(.ownershipEvent, [
            "subject_type": .text(subject.entity.rawValue), "subject_id": .text(subject.id.rawValue), "action": .text("reclaim_reverted"),
            "from_owner_id": .null, "to_owner_id": .text(author.rawValue), "pool_id": reclaim.values[FieldName("pool_id")] ?? .null,
            "rule_id": .text(ruleID), "actor_id": .text(author.rawValue), "command_id": .text(followUp.id.rawValue),
            "reason": .text("late follow-up before the reclaim"), "server_time": .integer(workspace.serverNow),
        ])
    }

    private static func text(_ row: RowState, _ field: String) -> String? { row.values[FieldName(field)]?.textValue }

    private static func time(_ row: RowState) -> Int64 { row.values[FieldName("server_time")]?.integerValue ?? 0 }
}
