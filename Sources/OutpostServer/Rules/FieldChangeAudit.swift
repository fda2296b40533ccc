import OutpostCore
import OutpostProtocol

/// every change to an audited field writes an AuditLog row. A push's accepted write
/// that changes one (DOMAIN §1.14 "Audited fields": a status, an opportunity's stage, outcome,
/// amount or lock, a mobile number, a do-not-contact flag) is logged as `field_change`, one
/// row per record and field, naming the field with its value before and after.
///
/// Only a change to a row that existed before the push counts: a new row's first values are
/// its creation, not a change. Ownership, branch and pool state move only by commands, which
/// audit themselves (`reassign`, `transfer`, `claim`, …).
enum FieldChangeAudit {
    /// The fields DOMAIN lists as audited that a push can write.
    static let auditedFields: Set<FieldName> = Set(["status", "stage", "outcome", "mobile", "do_not_contact", "locked", "amount_fen"].map { FieldName($0) })

    /// Appends a `field_change` entry for each audited field an applied write among `results` changed.
    static func record(_ results: [PushResult], changes: [PushChange], actor: UserID, device: DeviceID, in workspace: inout PlanWorkspace) {
        let applied = Set(results.lazy.filter { $0.status == .applied }.map(\.sequence))
        var logged: Set<AuditedWrite> = []
        for change in changes where auditedFields.contains(change.field) && applied.contains(change.sequence) {
            let key = workspace.head(of: RowKey(entity: change.entity, id: change.rowID))   // a merged row's write went to its head
            guard case .some(.some(let stored)) = workspace.snapshot.stored(key), !logged.contains(AuditedWrite(key: key, field: change.field)) else { continue }
            let before = stored.values[change.field] ?? .null
            let after = workspace.row(key)?.values[change.field] ?? .null
            guard before != after else { continue }
            logged.insert(AuditedWrite(key: key, field: change.field))
            workspace.append(.auditLog, [
                "actor_id": .text(actor.rawValue),
                "device_id": .text(device.rawValue),
                "action": .text("field_change"),
                "entity_type": .text(key.entity.rawValue),
                "entity_ids": .list([.text(key.id.rawValue)]),
                "before": .text(FieldValue.object([change.field.rawValue: before]).jsonText),
                "after": .text(FieldValue.object([change.field.rawValue: after]).jsonText),
                "occurred_at": .integer(min(change.clock.wallMilliseconds, workspace.serverNow)),   // a laptop's clock ahead is not believed
                "received_at": .integer(workspace.serverNow),
                "client_ip": .text("-"),
                "result": .text("ok"),
            ], author: actor)
        }
    }

    /// One field of one row, audited once per push.
    private struct AuditedWrite: Hashable {
        let key: RowKey
        let field: FieldName
    }
}
