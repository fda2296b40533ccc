import OutpostCore

/// Who may export records (DOMAIN §2.9 "Export", R-10.1): a user whose active roles grant
/// `lead.export`; a user without roles by position, team leads, branch managers and head
/// office (salespeople need a role that grants it). Pure: the caller passes the user's row and
/// the roles it names, as the laptop holds them (roles reach every replica).
public enum ExportPermission {
    /// The permission a role grants.
    public static let permission = "lead.export"
    /// Positions that export without a role granting it.
    public static let positions: Set<String> = ["team_lead", "branch_manager", "hq_admin"]

    /// Why `user` may not export, or nil when they may.
    /// - Parameters:
    ///   - user: the user's row.
    ///   - roles: the rows of the roles `user.role_ids` names (missing ones are skipped).
    public static func refusal(user: RowState, roles: [RowState]) -> String? {
        let named = (user.values[FieldName("role_ids")]?.listValue ?? []).compactMap(\.textValue)
        let active = roles.filter { !$0.isDeleted && $0.values[FieldName("status")]?.textValue == "active" }
        if !named.isEmpty, !active.isEmpty {
            let granted = active.contains { role in
                (role.values[FieldName("permissions")]?.listValue ?? []).contains { $0.textValue == permission }
            }
            return granted ? nil : "none of your roles grants '\(permission)'; ask a manager."
        }
        let position = user.values[FieldName("position")]?.textValue ?? "unknown"
        return positions.contains(position) ? nil : "exports need the permission '\(permission)' or a team lead's position (yours: \(position)); ask a manager."
    }
}
