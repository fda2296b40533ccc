import OutpostCore

/// The permissions that gate commands (DOMAIN §1.2 role `permissions`). A user whose active
/// roles grant permissions holds those; a user without active roles holds their position's
/// defaults (team leads and above hold every one of these). A command still acts only on rows
/// in the actor's write scope, which the server judges. Pure: the server and the laptop (which
/// holds its user's row and the roles, as every replica does) decide alike.
public enum CommandPermission {
    /// `transfer`: give a lead, customer or opportunity to another salesperson.
    public static let transfer = "lead.transfer"
    /// `merge` of records other people own.
    public static let mergeOthers = "record.merge"
    /// `reopen` a won or lost opportunity.
    public static let reopen = "opportunity.reopen"
    /// `clear_do_not_contact` on a record another person owns.
    public static let clearDoNotContact = "contact.clear_do_not_contact"
    /// `release`, `convert` and `mark_invalid` of a record another person owns.
    public static let manageOthers = "record.manage_others"
    /// `void_checkin`: void a check-in (DOMAIN §1.10, §2.9: branch managers and head office).
    public static let voidCheckIn = "checkin.void"
    /// `redact`: hide a follow-up's content (DOMAIN §1.8 `redacted`, §2.9: branch managers and head office).
    public static let redactFollowUp = "followup.redact"
    /// Deleting and restoring leads and customers (DOMAIN §2.9), a write the server judges.
    public static let delete = "lead.delete"

    /// What team leads, branch managers and head office hold by position.
    public static let managerDefaults: Set<String> = [transfer, mergeOthers, reopen, clearDoNotContact, manageOthers]

    /// The permissions of a position, for users without active roles: team leads and above
    /// manage the records in their scope, and branch managers and head office also delete
    /// leads and customers, void check-ins and redact follow-ups, audited (DOMAIN §2.9).
    public static let positionDefaults: [String: Set<String>] = [
        "team_lead": managerDefaults,
        "branch_manager": managerDefaults.union([delete, voidCheckIn, redactFollowUp]),
        "hq_admin": managerDefaults.union([delete, voidCheckIn, redactFollowUp]),
    ]

    /// The permission a command always needs, whoever owns its subject, with the words a
    /// refusal names the act by; nil for commands that need one only on someone else's record.
    /// - Parameters:
    ///   - command: the command's name (`transfer`, `reopen`, …).
    ///   - entity: the name of its subject's entity.
    public static func alwaysRequired(byCommand command: String, on entity: String) -> (permission: String, act: String)? {
        switch command {
        case "transfer": (transfer, "transfer a \(entity)")
        case "reopen": (reopen, "reopen an opportunity")
        case "void_checkin": (voidCheckIn, "void a check-in")
        case "redact": (redactFollowUp, "redact a follow-up")
        default: nil
        }
    }

    /// What `user` holds: the permissions of the active roles among `roles` (the rows its
    /// `role_ids` names; unknown, deleted or archived ones count for nothing), or without
    /// any active role, its position's defaults.
    public static func held(by user: RowState, roles: [RowState]) -> Set<String> {
        let named = Set((user.values[FieldName("role_ids")]?.listValue ?? []).compactMap(\.textValue))
        let active = roles.filter { !$0.isDeleted && $0.values[FieldName("status")]?.textValue == "active" }
        guard !named.isEmpty, !active.isEmpty else {
            return positionDefaults[user.values[FieldName("position")]?.textValue ?? ""] ?? []
        }
        return Set(active.flatMap { ($0.values[FieldName("permissions")]?.listValue ?? []).compactMap(\.textValue) })
    }

    /// The code of a refusal for a missing permission.
    public static let refusalCode = "permission.not_allowed"

    /// What a refusal for a missing `permission` says, `act` naming what was asked and who
    /// holds it by position.
    public static func refusalMessage(_ permission: String, to act: String) -> String {
        let holders = [("team_lead", "team leads"), ("branch_manager", "branch managers"), ("hq_admin", "head office")]
            .filter { positionDefaults[$0.0]?.contains(permission) == true }.map(\.1)
        let who = holders.count > 1 ? holders.dropLast().joined(separator: ", ") + " and " + holders.last! : holders.first ?? "no position"
        let ask = holders.first == "team leads" ? "your team lead" : "your branch manager"
        return "You may not \(act): that needs the permission '\(permission)' (\(who) hold it unless their roles say otherwise); ask \(ask)."
    }
}
