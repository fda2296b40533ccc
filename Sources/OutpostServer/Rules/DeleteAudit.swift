import OutpostCore

/// deleting or undeleting a lead or customer (its tombstone, written by a push) writes
/// an audit entry naming who did it, from which device, when, and the row, so a deletion can
/// always be traced to the person responsible (DOMAIN §2.10).
enum DeleteAudit {
    /// Appends the entry when `change`, applied to an existing row, moved the tombstone of a
    /// lead or customer.
    static func record(_ change: FieldChange, device: DeviceID, in workspace: inout PlanWorkspace) {
        guard change.field == .deleted, WritePermission.deletionGated.contains(change.entity),
              let deleted = change.version.value.boolValue else { return }
        workspace.append(.auditLog, [
            "actor_id": .text(change.version.author.rawValue),
            "device_id": .text(device.rawValue),
            "action": .text(deleted ? "delete" : "undelete"),
            "entity_type": .text(change.entity.rawValue),
            "entity_ids": .list([.text(change.rowID.rawValue)]),
            "occurred_at": .integer(change.version.clock.wallMilliseconds),
            "received_at": .integer(workspace.serverNow),
            "result": .text("ok"),
        ], author: change.version.author)
    }
}
