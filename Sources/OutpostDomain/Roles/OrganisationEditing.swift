import OutpostCore

/// Who may change the organisation's own rows (DOMAIN §1.1, §1.2; protocol/scopes.md §4):
///
/// - an org unit, to create, edit or delete: head office only (`hq_admin`; DOMAIN §1.1 "admin
///   only": a unit's name, code and territory are the company's, and its time zone defines the
///   day of reclaim and of daily claim limits, R-6.1, R-7.4);
/// - a user row: head office any; a branch manager those of their own branch (the users whose
///   unit is the branch or below it); anyone their own `name`; the `allocation_weight` of the
///   people whose records the editor manages (a team lead's team);
/// - every other organisation row (pools, courses, tags, …): a branch manager or head office.
///
/// Refusals are `permission.not_allowed`, except `permission.field_read_only` for a field of
/// one's own user row. Pure: the caller says who the editor is and where the user row sits;
/// the server and the laptop ask the same question.
public enum OrganisationEditing {
    /// The editor of a write.
    public struct Editor: Hashable, Sendable {
        /// The editor's user id.
        public var user: String
        /// The editor's position (`hq_admin`, `branch_manager`, …); nil without a user row.
        public var position: String?
        /// The branch of the editor's unit; nil at head office or without a unit.
        public var branch: String?

        /// Creates an editor.
        public init(user: String, position: String?, branch: String?) {
            self.user = user
            self.position = position
            self.branch = branch
        }
    }

    /// The position that changes every organisation row.
    public static let headOffice = "hq_admin"
    /// The position that changes the organisation rows of its own branch (and pools, courses, tags, …).
    public static let branchManager = "branch_manager"
    /// The refusal code of a row the editor may not change.
    public static let notAllowedCode = "permission.not_allowed"
    /// The refusal code of a field of the editor's own user row they may not change.
    public static let fieldReadOnlyCode = "permission.field_read_only"
    /// The fields of their own `user` row everyone may change (DOMAIN §1.2: `mobile` and
    /// `employee_no` are an administrator's, `allocation_weight` a team lead's).
    public static let ownUserFields: Set<FieldName> = [FieldName("name")]
    /// The field of a `user` row the people who manage that user change (DOMAIN §1.2).
    public static let allocationWeight = FieldName("allocation_weight")

    /// Why `editor` may not create (`field` nil) or write `field` of the `entity` row `id`, or
    /// nil when they may.
    /// - Parameters:
    ///   - userBranch: for a `user` row, the branch of that user's unit (nil: head office, or none).
    ///   - managesUser: for a `user` row, whether the editor may change that user's records
    ///     (a team lead their team's); nil when it is not known (the laptop, for a user with
    ///     roles), and then the write is not refused for that reason.
    public static func refusal(writing field: FieldName?, of entity: EntityName, id: String, userBranch: String?,
                               managesUser: Bool?, by editor: Editor) -> WriteRefusal? {
        if editor.position == headOffice { return nil }
        switch entity.rawValue {
        case "org_unit":
            return WriteRefusal(code: notAllowedCode,
                                message: "Only head office may \(field == nil ? "add" : "change") org units (names, codes, territories, time zones); nothing was changed. Ask head office.")
        case "user":
            guard let field else {
                return WriteRefusal(code: notAllowedCode, message: "Only head office adds users (`outpost-server users add`); nothing was changed.")
            }
            if editor.position == branchManager, let branch = editor.branch, userBranch == branch { return nil }
            let isOwnRow = id == editor.user
            if isOwnRow {
                if ownUserFields.contains(field) { return nil }
                return WriteRefusal(code: fieldReadOnlyCode,
                                    message: "'\(field)' of your own user row is set by \(field == allocationWeight ? "your team lead" : "an administrator"); your change was not applied. Ask your manager.",
                                    field: field)
            }
            // A team lead pauses or resumes allocation to the people whose records they manage.
            if field == allocationWeight, managesUser != false { return nil }
            if editor.position == branchManager {
                let mine = editor.branch.map { "branch \($0)" } ?? "no branch"
                let theirs = userBranch.map { "branch \($0)" } ?? "head office"
                return WriteRefusal(code: notAllowedCode,
                                    message: "You manage \(mine); user '\(id)' belongs to \(theirs), so only head office may change them. Nothing was changed.",
                                    field: field)
            }
            return WriteRefusal(code: notAllowedCode,
                                message: "Only head office, or the manager of their branch, may change user '\(id)'; nothing was changed.", field: field)
        default:
            if editor.position == branchManager { return nil }
            return WriteRefusal(code: notAllowedCode, message: "Only a branch manager or head office may change \(entity) rows.")
        }
    }
}
