import OutpostCore
import OutpostDomain

/// Ends the team memberships whose `expires_at` has passed (R-8.1 b "not expired", R-8.3):
/// each active `record_share` with `expires_at ≤ now` becomes `expired`, its member leaves the
/// subject's member lists (so the subject is evicted from their replica), and a
/// `share_expired` audit entry records it. Runs with the nightly job.
enum ShareExpiry {
    /// Plans the expiries at the workspace's `serverNow`; returns the shares ended.
    static func run(in workspace: inout PlanWorkspace) -> [RowID] {
        let now = workspace.serverNow
        var ended: [RowID] = []
        for (id, share) in workspace.rows(.recordShare, where: FieldName("status"), equals: .text("active")).sorted(by: { $0.id < $1.id }) {
            guard !share.isDeleted, let expiresAt = share.values[FieldName("expires_at")]?.integerValue, expiresAt <= now,
                  let type = share.values[FieldName("subject_type")]?.textValue, let subject = share.values[FieldName("subject_id")]?.textValue,
                  let member = share.values[FieldName("member_id")]?.textValue else { continue }
            let key = RowKey(entity: EntityName(type), id: RowID(subject))
            RecordShares.end(id, status: "expired", in: &workspace, author: PlanWorkspace.system)
            RecordShares.withdraw(member, on: key, author: PlanWorkspace.system, in: &workspace)
            workspace.append(.auditLog, [
                "actor_id": .text(PlanWorkspace.system.rawValue), "device_id": .text(PlanWorkspace.serverDevice.rawValue),
                "action": .text("share_expired"), "entity_type": .text(type), "entity_ids": .list([.text(subject)]),
                "before": .text(FieldValue.text(member).jsonText), "occurred_at": .integer(now), "received_at": .integer(now),
                "result": .text("ok"), "command_id": .text("share_expired:\(id.rawValue)"),
            ])
            ended.append(id)
        }
        return ended
    }
}
