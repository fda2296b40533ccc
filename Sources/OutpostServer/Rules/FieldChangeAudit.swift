import OutpostCore
import OutpostProtocol

/// every change to an audited field writes an AuditLog row. Each accepted write of a
/// push that changes one (DOMAIN §1.14 "Audited fields": a status, an opportunity's stage,
/// outcome, amount or lock, a do-not-contact flag) is logged as
/// `field_change` as it is applied, so two writes of one field in one push are two entries,
/// and the chain lists them among the push's commands in the order they ran. `before` and
/// `after` are JSON objects naming the field.
///
/// Only a change to a row that existed before the push counts: a new row's first values are
/// its creation, not a change. Ownership, branch and pool state move only by commands, which
/// audit themselves (`reassign`, `transfer`, `claim`, …).
///
/// `mobile`, on DOMAIN's list too (a proposal), is left out for now: mobile edits are a large
/// share of ordinary sync traffic (a third of the bench's), and an entry per edit, replicated
/// like any row, halved the server's push rate and the replicas' pull rate (BENCHMARKS.md,
/// 7 December). Who changed a mobile last stays in the field's stamp (author, device, clock).
enum FieldChangeAudit {
    /// The fields DOMAIN lists as audited that a push can write, but `mobile` (see above).
    static let auditedFields: Set<FieldName> = Set(["status", "stage", "outcome", "do_not_contact", "locked", "amount_fen"].map { FieldName($0) })

    /// Appends a `field_change` entry when `change`, just merged into the row, changed an
    /// audited field of a row that existed before this push from `previous`.
    static func note(_ change: FieldChange, previous: FieldValue?, actor: UserID, device: DeviceID, in workspace: inout PlanWorkspace) {
        let key = RowKey(entity: change.entity, id: change.rowID)
        guard auditedFields.contains(change.field), workspace.existedBefore(key) else { return }
        let before = previous ?? .null
        let after = workspace.row(key)?.values[change.field] ?? .null
        guard before != after else { return }
        // A laptop's clock ahead of the server is not believed.
        append(key, change.field, before: before, after: after, actor: actor, device: device,
               occurredAt: min(change.version.clock.wallMilliseconds, workspace.serverNow), in: &workspace)
    }

    /// Appends the entry for a change of `field` of `key` from `before` to `after`: a client's
    /// (`note`), or one a server rule makes itself (`TrialAttendance`).
    static func append(_ key: RowKey, _ field: FieldName, before: FieldValue, after: FieldValue, actor: UserID, device: DeviceID,
                       occurredAt: Int64, in workspace: inout PlanWorkspace) {
        workspace.append(.auditLog, [
            "actor_id": .text(actor.rawValue),
            "device_id": .text(device.rawValue),
            "action": .text("field_change"),
            "entity_type": .text(key.entity.rawValue),
            "entity_ids": .list([.text(key.id.rawValue)]),
            "before": .text(FieldValue.object([field.rawValue: before]).jsonText),
            "after": .text(FieldValue.object([field.rawValue: after]).jsonText),
            "occurred_at": .integer(occurredAt),
            "received_at": .integer(workspace.serverNow),
            "result": .text("ok"),
        ], author: actor)
    }
}
