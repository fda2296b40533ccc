import OutpostCore

/// A client's audit entry names who did it as the server knows them: the
/// server stamps `actor_id` with the authenticated user, `device_id` with the pushing device
/// and `client_ip` with the address the push came from, whatever the laptop sent, as it stamps `created_by` and a follow-up's `author_id`
/// (DOMAIN §1.0). Stamped, not refused: audit rows are accepted from everyone at any time
/// so the entry of a real export from a tampered or buggy laptop still lands, under
/// the name of the one who pushed it. The pushing device is the one whose clock wrote the
/// entry (a push's clocks name its device, spec §11.1).
enum AuditAuthorship {
    /// Stamps the new audit entry `key`.
    static func apply(to key: RowKey, actor: UserID, device: DeviceID, in workspace: inout PlanWorkspace) {
        workspace.serverWrite(key, ["actor_id": .text(actor.rawValue), "device_id": .text(device.rawValue),
                                    "client_ip": .text(workspace.clientAddressText)])
    }
}
