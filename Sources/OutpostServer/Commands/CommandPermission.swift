/// The permissions that gate commands (DOMAIN §1.2 role `permissions`). A user with roles
/// holds what the roles grant; a user without roles holds their position's defaults
/// (`ReaderScope.positionPermissions`: team leads and above hold every one of these).
/// A command still acts only on rows in the actor's write scope (`WritePermission`).
enum CommandPermission {
    /// `transfer`: give a lead, customer or opportunity to another salesperson.
    static let transfer = "lead.transfer"
    /// `merge` of records other people own.
    static let mergeOthers = "record.merge"
    /// `reopen` a won or lost opportunity.
    static let reopen = "opportunity.reopen"
    /// `clear_do_not_contact` on a record another person owns.
    static let clearDoNotContact = "contact.clear_do_not_contact"
    /// `release`, `convert` and `mark_invalid` of a record another person owns.
    static let manageOthers = "record.manage_others"

    /// What team leads, branch managers and head office hold by position.
    static let managerDefaults: Set<String> = [transfer, mergeOthers, reopen, clearDoNotContact, manageOthers]
}
