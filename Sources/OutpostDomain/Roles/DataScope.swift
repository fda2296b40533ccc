/// Whose records a role lets its holders see and change (DOMAIN §1.2 `data_scope`, R-8.1 c;
/// WK `wk_admin_role.data_type` 1–5). A user holding several roles gets the union.
public enum DataScope: String, CaseIterable, Sendable {
    /// Only the user's own records (and team memberships, pools, authored facts, as everyone).
    case ownRecords = "self"
    /// The user's and those of everyone who reports to them, directly or not (`reports_to`).
    case selfAndSubordinates = "self_and_subordinates"
    /// Those of everyone in the user's own org unit.
    case ownUnit = "own_unit"
    /// Those of everyone in the subtree of the user's unit (branch → campus → team); a branch
    /// unit's holders also get every record of that branch.
    case unitSubtree = "unit_subtree"
    /// Every record of the company.
    case company

    /// The stable code of a role naming a data scope that is none of these.
    public static let unknownCode = "role.unknown_data_scope"

    /// The words a role's `data_scope` accepts, in order of reach.
    public static let words = allCases.map(\.rawValue)
}
