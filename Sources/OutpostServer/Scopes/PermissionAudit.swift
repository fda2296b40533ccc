import OutpostCore
import OutpostProtocol

/// writes a push was refused for lack of permission are audited as
/// `permission_denied` (one entry per entity and code, naming the rows and the fields or
/// commands refused), which is how a tampered client shows up.
enum PermissionAudit {
    /// Appends the entries for the `permission.*` refusals among `results`.
    static func record(_ results: [PushResult], changes: [PushChange], commands: [PushCommand], actor: UserID, device: DeviceID,
                       in workspace: inout PlanWorkspace) {
        var bySequence: [Int64: (entity: EntityName, rowID: RowID, target: String)] = [:]
        for change in changes { bySequence[change.sequence] = (change.entity, change.rowID, change.field.rawValue) }
        for command in commands { bySequence[command.sequence] = (command.entity, command.rowID, "command:" + command.name.rawValue) }
        var denied: [String: (entity: EntityName, code: String, ids: [String], targets: [String])] = [:]
        for result in results where result.status == .rejected {
            guard let code = result.code?.rawValue, code.hasPrefix("permission."), let change = bySequence[result.sequence] else { continue }
            let group = change.entity.rawValue + " " + code
            var entry = denied[group] ?? (change.entity, code, [], [])
            if !entry.ids.contains(change.rowID.rawValue) { entry.ids.append(change.rowID.rawValue) }
            if !entry.targets.contains(change.target) { entry.targets.append(change.target) }
            denied[group] = entry
        }
        for (_, entry) in denied.sorted(by: { $0.key < $1.key }) {
            workspace.append(.auditLog, [
                "actor_id": .text(actor.rawValue),
                "device_id": .text(device.rawValue),
                "action": .text("permission_denied"),
                "entity_type": .text(entry.entity.rawValue),
                "entity_ids": .list(entry.ids.prefix(1_000).map { .text($0) }),
                "fields": .list(entry.targets.prefix(200).map { .text($0) }),
                "occurred_at": .integer(workspace.serverNow),
                "received_at": .integer(workspace.serverNow),
                "result": .text("denied"),
                "reason": .text(entry.code),
            ], author: actor)
        }
    }
}
