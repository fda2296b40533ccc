/// Every permission some part of Outpost checks (DOMAIN §1.2 role `permissions`): what
/// `roles add` grants. A name outside it would grant nothing, so it is refused.
public enum RolePermissions {
    /// The permissions the server and the laptops check.
    public static let known: Set<String> = [
        CommandPermission.transfer, CommandPermission.mergeOthers, CommandPermission.reopen,
        CommandPermission.clearDoNotContact, CommandPermission.manageOthers, CommandPermission.voidCheckIn,
        CommandPermission.redactFollowUp, ExportPermission.permission, CommandPermission.delete,
    ]
}
