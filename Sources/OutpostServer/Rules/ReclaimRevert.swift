import Foundation
import OutpostCore
import OutpostDomain

/// Late evidence (R-6.7, DOMAIN §6 decision 4, C3/C4): a follow-up that reaches the server
/// after the reclaim job took its subject, written by the owner it was taken from before the
/// job ran and recent enough that the rule would not have fired, undoes a `to_pool` reclaim
/// while the subject is still unclaimed in the pool: owner and previous owner come back, the
/// subject is private again, and an OwnershipEvent `reclaim_reverted` records it. Once someone
/// claimed it, the claim stands: the follow-up is kept and the author gets a
/// `reclaimed_and_claimed` notification saying when it was reclaimed and who claimed it.
///
/// Backdating is bounded (R-6.7): the follow-up must also have been *written* before the job
/// ran, by its clock, which never goes below the last server time its device saw. A laptop
/// that synced after the reclaim cannot undo it with a call record dated before it.
enum ReclaimRevert {
    /// Reverts the reclaim of `subject` when the follow-up at `followUpAt`, written by `author`
    /// at `writtenAt` (its clock's wall time), says so, or tells the author why it cannot.
    static func apply(to subject: RowKey, followUp: RowKey, followUpAt: Int64, writtenAt: Int64, author: UserID,
                      in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(subject), !row.isDeleted else { return }
        // Reverted already, ahead of the push's other entries (`reverts(in:author:)`).
        if row.values[FieldName("owner_id")]?.textValue == author.rawValue, row.values[FieldName("pool_state")]?.textValue != "public" { return }
        let events = workspace.rows(.ownershipEvent, where: FieldName("subject_id"), equals: .text(subject.id.rawValue))
            .sorted { (time($0.row), $0.id) < (time($1.row), $1.id) }
        // The author's last loss to the job, which the follow-up must predate closely enough.
        guard let index = events.lastIndex(where: { text($0.row, "action") == "reclaim_auto" && text($0.row, "from_owner_id") == author.rawValue }),
              case let reclaim = events[index].row, writtenAt < time(reclaim), let ruleID = text(reclaim, "rule_id"),
              let limit = workspace.row(RowKey(entity: .poolRule, id: RowID(ruleID)))?.values[FieldName("limit_days")]?.integerValue,
              ReclaimPolicy.revertsReclaim(followUpAt: followUpAt, author: author.rawValue, reclaimedAt: time(reclaim),
                                           reclaimedFrom: author.rawValue, limitDays: Int(limit), calendar: ClaimCommand.companyCalendar)
        else { return }
        let stillPooled = index == events.count - 1 && row.values[FieldName("pool_state")]?.textValue == "public"
            && (row.values[FieldName("owner_id")] ?? .null) == .null
        guard stillPooled else {
            tellClaimed(author, subject: subject, reclaimID: events[index].id, reclaim: reclaim, later: events[(index + 1)...].map(\.row), in: &workspace)
            return
        }
        // Who owned it before the author: the giver of the author's last gain before the reclaim.
        let before = events.last { time($0.row) < time(reclaim) && text($0.row, "to_owner_id") == author.rawValue }?.row
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

    /// A reclaim a follow-up reverted: what `apply` needs to revert it again.
    struct Revert: Equatable {
        var subject: RowKey
        var followUp: RowKey
        var followUpAt: Int64
        var writtenAt: Int64
    }

    /// The reclaims that `changedRows`, a plan's, reverted for `author`, from their
    /// `reclaim_reverted` events and the follow-ups that proved them wrong.
    static func reverts(in changedRows: [RowKey: RowState], author: UserID) -> [Revert] {
        changedRows.compactMap { key, row in
            guard key.entity == .ownershipEvent, text(row, "action") == "reclaim_reverted", text(row, "to_owner_id") == author.rawValue,
                  let subjectType = text(row, "subject_type"), let subjectID = text(row, "subject_id"), let followUpID = text(row, "command_id"),
                  case let followUp = RowKey(entity: .followUp, id: RowID(followUpID)), let followUpRow = changedRows[followUp],
                  let occurredAt = followUpRow.values[FieldName("occurred_at")]?.integerValue,
                  let written = followUpRow.stamps[FieldName("occurred_at")]?.clock.wallMilliseconds else { return nil }
            return Revert(subject: RowKey(entity: EntityName(subjectType), id: RowID(subjectID)), followUp: followUp,
                          followUpAt: occurredAt, writtenAt: written)
        }
        .sorted { ($0.subject, $0.followUp) < ($1.subject, $1.followUp) }
    }

    /// Reverts the reclaim `revert` names, as the follow-up did in an earlier plan of the push.
    static func apply(_ revert: Revert, author: UserID, in workspace: inout PlanWorkspace) {
        apply(to: revert.subject, followUp: revert.followUp, followUpAt: revert.followUpAt, writtenAt: revert.writtenAt,
              author: author, in: &workspace)
    }

    // MARK: - Private

    /// C4: the reclaim stands because someone took the subject after it; the author is told
    /// when it was reclaimed and who has it now (once per reclaim).
    private static func tellClaimed(_ author: UserID, subject: RowKey, reclaimID: RowID, reclaim: RowState, later: [RowState],
                                    in workspace: inout PlanWorkspace) {
        let calendar = ClaimCommand.companyCalendar
        var message = "Your follow-up was kept, but this \(subject.entity) was reclaimed to the pool at \(moment(time(reclaim), calendar))"
        if let taken = later.first(where: { text($0, "to_owner_id") != nil }), let taker = text(taken, "to_owner_id") {
            let name = workspace.text(RowKey(entity: .user, id: RowID(taker)), "name") ?? taker
            message += " and \(text(taken, "action") == "claim" ? "claimed by" : "assigned to") \(name) at \(moment(time(taken), calendar))"
        }
        Notifications.send(to: author, kind: "reclaimed_and_claimed", about: subject,
                           message: message + "; it stays with them. Ask your team lead if it should come back to you.",
                           dedupKey: "reclaimed_and_claimed:\(reclaimID.rawValue)", in: &workspace)
    }

    /// `YYYY-MM-DD HH:MM` in the company's time zone.
    private static func moment(_ instant: Int64, _ calendar: CompanyCalendar) -> String {
        let seconds = calendar.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant) / 1000))
        let local = instant / 1000 + Int64(seconds)
        let minutes = (local % 86_400 + 86_400) % 86_400 / 60
        return "\(calendar.day(of: instant)) " + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    private static func text(_ row: RowState, _ field: String) -> String? { row.values[FieldName(field)]?.textValue }

    private static func time(_ row: RowState) -> Int64 { row.values[FieldName("server_time")]?.integerValue ?? 0 }
}
