import OutpostCore
import OutpostDomain

/// What an administrator does to users and devices (`outpost-server users …`, `devices …`):
/// each change is a server write of the `user` row (so replicas pull it) or of the identity
/// tables, and each is recorded in the audit log with the actor `admin`.
public struct UserAdministration: Sendable {
    private let store: any ChangeStore
    private let schema: Schema
    private let hasher: PasswordHasher
    private let now: @Sendable () -> Int64

    /// Creates the administration of `store`'s users, whose rows follow `schema`.
    public init(store: any ChangeStore, schema: Schema, hasher: PasswordHasher = PasswordHasher(), now: @escaping @Sendable () -> Int64) {
        self.store = store
        self.schema = schema
        self.hasher = hasher
        self.now = now
    }

    /// Where the commands come from, as their audit entries name it (`device_id`; the actor is
    /// always `admin`): `outpost-server`, and from the command line the account and host that
    /// ran it (`AdminStore.commandSource`), so head office can tell administrators apart.
    public var commandSource = "outpost-server"

    /// A new user as `users add` takes it.
    public struct NewUser: Sendable {
        /// The user id, such as `u-wang`.
        public var id: UserID
        /// The display name.
        public var name: String
        /// The mobile number they sign in with.
        public var mobile: String
        /// Their org unit's id.
        public var unit: String
        /// Their position (`course_consultant`, `team_lead`, …).
        public var position: String
        /// Their manager's user id.
        public var reportsTo: UserID?
        /// The ids of their roles; none leaves their position's defaults (`protocol/scopes.md`).
        public var roles: [String]

        /// Creates a new user.
        public init(id: UserID, name: String, mobile: String, unit: String, position: String, reportsTo: UserID?, roles: [String] = []) {
            self.id = id
            self.name = name
            self.mobile = mobile
            self.unit = unit
            self.position = position
            self.reportsTo = reportsTo
            self.roles = roles
        }
    }

    /// Writes the user's row (active, allocation weight 100), audited as a `field_change` naming
    /// their unit, position, manager and roles, and their password.
    /// - Throws: `AdministrationError.userExists`, `.blankName`, `.unknownUnit`, `.unknownManager`
    ///   (no such user, or themselves), `.mobileTaken`, `.unknownRole` (a role that does not
    ///   exist or is archived); `SeedError` for a value that does not fit.
    public func add(_ user: NewUser, password: String) async throws {
        guard RowID(user.id.rawValue).isWellFormed else { throw AdministrationError.invalidID(user.id.rawValue) }
        guard try await store.status(of: user.id) == nil else { throw AdministrationError.userExists(user.id) }
        guard !user.name.allSatisfy(\.isWhitespace) else { throw AdministrationError.blankName }
        // Before anything is written: a refused password must leave no user behind.
        guard password.count >= Self.minimumPasswordLength else { throw AdministrationError.passwordTooShort(minimum: Self.minimumPasswordLength) }
        // Their unit decides their leads' branch (R-4.1): a typo would file them nowhere.
        guard let unit = try await store.storedRow(RowID(user.unit), of: .orgUnit), !unit.isDeleted else {
            throw AdministrationError.unknownUnit(user.unit)
        }
        if let manager = user.reportsTo {
            guard manager != user.id, let managerRow = try await store.storedRow(RowID(manager.rawValue), of: .user),
                  !managerRow.isDeleted else { throw AdministrationError.unknownManager(manager) }
            // R-4.4: a manager reads only the reports of their own branch; head office reads everything anyway.
            if let branch = try await branch(ofUnit: user.unit), let managersUnit = managerRow.values[FieldName("org_unit_id")]?.textValue,
               let managersBranch = try await self.branch(ofUnit: managersUnit), managersBranch != branch {
                throw AdministrationError.managerInOtherBranch(manager, branch: managersBranch, usersBranch: branch)
            }
        }
        for role in user.roles {
            guard let row = try await store.storedRow(RowID(role), of: .role), !row.isDeleted,
                  row.values[FieldName("status")]?.textValue == "active" else { throw AdministrationError.unknownRole(role) }
        }
        var values: [String: FieldValue] = [
            "name": .text(user.name), "mobile": .text(user.mobile), "org_unit_id": .text(user.unit),
            "position": .text(user.position), "status": .text(UserStatus.active), "allocation_weight": .integer(100),
            "role_ids": .list(user.roles.map(FieldValue.text)),
        ]
        if let manager = user.reportsTo { values["reports_to_id"] = .text(manager.rawValue) }
        if let mobile = schema.normalizedMobile(user.mobile), let owner = try await store.user(withMobile: mobile) {
            throw AdministrationError.mobileTaken(by: owner)
        }
        let now = now()
        try await store.seed([SeedRow(entity: .user, id: RowID(user.id.rawValue), values: values)], serverNow: now)
        var added = "added: org_unit_id=\(user.unit) position=\(user.position)"
        if let manager = user.reportsTo { added += " reports_to_id=\(manager.rawValue)" }
        if !user.roles.isEmpty { added += " role_ids=" + user.roles.joined(separator: ",") }
        try await store.record([audit(.fieldChange, subject: user.id, reason: added)], now: now)
        try await setPassword(password, for: user.id)
    }

    /// The branch `unit` belongs to, nil for a unit above the branches (head office).
    private func branch(ofUnit unit: String) async throws -> String? {
        try await OrgTreeLookup(store: store).branch(ofUnit: unit)
    }

    /// Sets (or replaces) a user's password and, when `endingSessions`, revokes every device
    /// token of theirs, so each laptop asks for the new password at its next sync (a password
    /// reset after a lost laptop or a leak); otherwise their device tokens stay valid.
    /// - Returns: the tokens revoked.
    /// - Throws: `AdministrationError.unknownUser`, `.passwordTooShort`.
    @discardableResult
    public func setPassword(_ password: String, for user: UserID, endingSessions: Bool = false) async throws -> [DeviceTokenRecord] {
        guard try await store.status(of: user) != nil else { throw AdministrationError.unknownUser(user) }
        guard password.count >= Self.minimumPasswordLength else { throw AdministrationError.passwordTooShort(minimum: Self.minimumPasswordLength) }
        let now = now()
        try await store.setPasswordHash(try await hasher.hash(password), of: user, now: now)
        let revoked = endingSessions ? try await store.revokeTokens(of: user, now: now) : []
        try await store.record([audit(.passwordSet, subject: user, reason: endingSessions ? "\(revoked.count) device tokens revoked" : nil)],
                               now: now)
        return revoked
    }

    /// Gives each listed user who has no password yet the one listed (`--passwords FILE`,
    /// `--demo`); a password set since, by `users passwd`, is left alone.
    /// - Returns: the users whose password was set.
    @discardableResult
    public func setInitialPasswords(_ passwords: [UserID: String]) async throws -> [UserID] {
        var set: [UserID] = []
        for (user, password) in passwords.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where try await store.passwordHash(of: user) == nil {
            try await setPassword(password, for: user)
            set.append(user)
        }
        return set
    }

    /// Disables a user: `status` disabled, `disabled_at` now. Their device tokens stay live, so
    /// their laptops may still push and what they recorded offline reaches the quarantine
    /// (R-10.3); sign-in, handshake, pull and every other request answer `user.disabled`.
    /// - Throws: `AdministrationError.unknownUser`.
    public func disable(_ user: UserID) async throws {
        guard try await store.status(of: user) != nil else { throw AdministrationError.unknownUser(user) }
        let now = now()
        try await store.seed([SeedRow(entity: .user, id: RowID(user.rawValue),
                                      values: ["status": .text(UserStatus.disabled), "disabled_at": .integer(now)])], serverNow: now)
        try await store.record([audit(.userDisabled, subject: user)], now: now)
    }

    /// Enables a user again: `status` active, `disabled_at` cleared, every device token revoked,
    /// so they sign in anew on each device.
    /// - Returns: the tokens revoked.
    /// - Throws: `AdministrationError.unknownUser`, `.notDisabled` (nothing is written: their
    ///   devices keep their tokens).
    public func enable(_ user: UserID) async throws -> [DeviceTokenRecord] {
        guard let status = try await store.status(of: user) else { throw AdministrationError.unknownUser(user) }
        guard status == UserStatus.disabled else { throw AdministrationError.notDisabled(user) }
        let now = now()
        try await store.seed([SeedRow(entity: .user, id: RowID(user.rawValue),
                                      values: ["status": .text(UserStatus.active), "disabled_at": .null])], serverNow: now)
        let revoked = try await store.revokeTokens(of: user, now: now)
        try await store.record([audit(.userEnabled, subject: user, reason: "\(revoked.count) device tokens revoked")], now: now)
        return revoked
    }

    /// Moves a user to another org unit (`UserMove`), audited as a `field_change` naming the
    /// unit, the manager and the records handed over or released.
    /// - Throws: `AdministrationError` (`unknownUser`, `unknownUnit`, `unknownManager`,
    ///   `ownsRecordsInBranch`, `unsuitableColleague`, `opportunitiesNeedAnOwner`): nothing is written.
    @discardableResult
    public func move(_ move: UserMove) async throws -> UserMoveReport {
        let now = now()
        let unitBefore = try await store.storedRow(RowID(move.user.rawValue), of: .user)?.values[FieldName("org_unit_id")]?.textValue
        if let unit = move.unit, unit.rawValue == unitBefore, move.reportsTo == nil {
            throw AdministrationError.alreadyInUnit(move.user, unit: unit.rawValue)
        }
        let report = try await store.moveUser(move, serverNow: now)
        var change = move.unit.map { "org_unit_id=\($0.rawValue) (was \(unitBefore ?? "none"))" } ?? "left the company"
        if let manager = move.reportsTo { change += " reports_to_id=\(manager.rawValue)" }
        change += Self.records(report, of: move)
        try await store.record([audit(move.isDeparture ? .userDisabled : .fieldChange, subject: move.user, reason: change)], now: now)
        return report
    }

    /// A user leaving the company (`UserMove.departure`): disabled, like `disable`, and in the
    /// same transaction every record they own handed to `ownedRecords`' colleague (ownership
    /// events `handover_on_departure`) or released to the pool, and their team memberships
    /// ended; audited as `user_disabled` naming what went where.
    /// - Throws: `AdministrationError` (`unknownUser`, `ownsRecordsInBranch` for `.refuse`
    ///   while they own records, `unsuitableColleague`, `opportunitiesNeedAnOwner`,
    ///   `noPoolInBranch`): nothing is written.
    @discardableResult
    public func depart(_ user: UserID, ownedRecords: UserMove.OwnedRecords) async throws -> UserMoveReport {
        guard try await store.status(of: user) != nil else { throw AdministrationError.unknownUser(user) }
        return try await move(.departure(of: user, ownedRecords: ownedRecords))
    }

    /// What a move did with the user's records, for its audit entry.
    private static func records(_ report: UserMoveReport, of move: UserMove) -> String {
        var change = ""
        if case .handOver(let colleague) = move.ownedRecords, !report.handedOver.isEmpty {
            change += " handed \(report.handedOver.count) records to \(colleague.rawValue)"
        }
        if !report.released.isEmpty { change += " released \(report.released.count) records to the pool" }
        if !report.endedShares.isEmpty { change += " ended \(report.endedShares.count) team memberships" }
        return change
    }

    /// How a user takes leads (R-5.2, R-5.3): nil leaves a setting as it is, an empty list
    /// clears a criterion (that member then takes every lead on it).
    public struct Allocation: Sendable, Hashable {
        /// `allocation_weight`, 0 to 100 (0 pauses allocation).
        public var weight: Int?
        /// `allocation_course_ids`.
        public var courseIDs: [String]?
        /// `allocation_region_codes`.
        public var regionCodes: [String]?
        /// `allocation_grades`.
        public var grades: [String]?
        /// `allocation_quota`, quality leads a month; `.some(nil)` removes it.
        public var quota: Int??

        /// Settings to change.
        public init(weight: Int? = nil, courseIDs: [String]? = nil, regionCodes: [String]? = nil, grades: [String]? = nil, quota: Int?? = nil) {
            self.weight = weight
            self.courseIDs = courseIDs
            self.regionCodes = regionCodes
            self.grades = grades
            self.quota = quota
        }

        /// The user fields these settings write.
        var values: [String: FieldValue] {
            var values: [String: FieldValue] = [:]
            if let weight { values["allocation_weight"] = .integer(Int64(weight)) }
            if let courseIDs { values["allocation_course_ids"] = .list(courseIDs.map(FieldValue.text)) }
            if let regionCodes { values["allocation_region_codes"] = .list(regionCodes.map(FieldValue.text)) }
            if let grades { values["allocation_grades"] = .list(grades.map(FieldValue.text)) }
            if let quota { values["allocation_quota"] = quota.map { .integer(Int64($0)) } ?? .null }
            return values
        }
    }

    /// Changes how a user takes leads, audited as a `field_change` naming the new values.
    /// - Throws: `AdministrationError.unknownUser`; `SeedError` for a value that does not fit.
    public func setAllocation(_ allocation: Allocation, of user: UserID) async throws {
        guard try await store.status(of: user) != nil else { throw AdministrationError.unknownUser(user) }
        let values = allocation.values
        guard !values.isEmpty else { return }
        let now = now()
        try await store.seed([SeedRow(entity: .user, id: RowID(user.rawValue), values: values)], serverNow: now)
        let change = values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.jsonText)" }.joined(separator: " ")
        try await store.record([audit(.fieldChange, subject: user, reason: change)], now: now)
    }

    /// Revokes the live token of one device.
    /// - Throws: `AdministrationError.noLiveToken` when the device has none.
    public func revoke(_ device: DeviceID) async throws -> DeviceTokenRecord {
        let now = now()
        guard let revoked = try await store.revokeDevice(device, now: now) else { throw AdministrationError.noLiveToken(device) }
        try await store.record([audit(.tokenRevoked, subject: revoked.user, reason: "device \(device.rawValue)")], now: now)
        return revoked
    }

    /// Passwords shorter than this are refused.
    public static let minimumPasswordLength = 8

    // MARK: - Private

    private func audit(_ action: IdentityAudit.Action, subject: UserID, reason: String? = nil) -> IdentityAudit {
        IdentityAudit(action, actor: IdentityAudit.administrator, device: String(commandSource.prefix(128)), subject: subject, reason: reason,
                      clientAddress: "local")
    }
}

/// Why an administration command was refused, with what to do instead.
public enum AdministrationError: Error, Equatable, CustomStringConvertible {
    /// No `user` row has this id.
    case unknownUser(UserID)
    /// A `user` row with this id exists already.
    case userExists(UserID)
    /// Another user signs in with this mobile number.
    case mobileTaken(by: UserID)
    /// The password is too short.
    case passwordTooShort(minimum: Int)
    /// The device has no live token.
    case noLiveToken(DeviceID)
    /// No live `org_unit` row has this id.
    case unknownUnit(String)
    /// An `org_unit` row with this id exists already.
    case unitExists(String)
    /// The unit kind is none of company, branch, campus, team.
    case unknownUnitKind(String)
    /// A unit other than the company was given no parent.
    case parentRequired(kind: String)
    /// No active `role` row has this id.
    case unknownRole(String)
    /// A `role` row with this id exists already.
    case roleExists(String)
    /// The role breaks one of its row rules (`role.unknown_data_scope`, `role.invalid_field_access`).
    case invalidRole(code: String, message: String)
    /// A user or unit was given an empty name.
    case blankName
    /// `--reports-to` names no user, or the user themselves.
    case unknownManager(UserID)
    /// The time zone is not an IANA time zone id.
    case unknownTimeZone(String)
    /// The parent unit's kind is not above the new unit's (company › branch › campus › team).
    case parentKindMismatch(kind: String, parent: String, parentKind: String)
    /// `users enable` named a user who is not disabled.
    case notDisabled(UserID)
    /// `users move` to another branch, without saying what becomes of the records the user
    /// owns in the branch they leave.
    case ownsRecordsInBranch(UserID, count: Int, branch: String)
    /// `--hand-over-to` names no active user of the branch the user leaves, or the user themselves.
    case unsuitableColleague(UserID, branch: String)
    /// `--release` while the user owns opportunities there, which always need an owner.
    case opportunitiesNeedAnOwner(UserID, count: Int)
    /// `--release` from a branch that has no public pool.
    case noPoolInBranch(String)
    /// `users move` to the unit the user is in, with nothing else to change.
    case alreadyInUnit(UserID, unit: String)
    /// An id that cannot name a row (empty, too long, or with other characters than a-z, 0-9, '-', '_').
    case invalidID(String)
    /// A permission no part of the server checks: granting it would grant nothing.
    case unknownPermission(String)
    /// `--reports-to` names someone of another branch, who would read none of the user's
    /// records (R-4.4: a lead is visible to one branch).
    case managerInOtherBranch(UserID, branch: String, usersBranch: String)
    /// `units set` named nothing to change.
    case nothingToChange(String)
    /// A territory (`region_codes`) given to a unit that is not a branch.
    case notABranch(String)
    /// A region code that is not six digits (GB/T 2260).
    case invalidRegionCode(String)
    /// `--remove-region` names a code the branch's territory does not hold.
    case regionNotInTerritory(String, branch: String)

    /// The stable code of the refusal (`admin.unknown_user`), printed after its text, for
    /// scripts that run admin commands.
    public var code: String {
        switch self {
        case .unknownUser: "admin.unknown_user"
        case .userExists: "admin.user_exists"
        case .mobileTaken: "admin.mobile_taken"
        case .passwordTooShort: "admin.password_too_short"
        case .noLiveToken: "admin.no_live_token"
        case .unknownUnit: "admin.unknown_unit"
        case .unitExists: "admin.unit_exists"
        case .unknownUnitKind: "admin.unknown_unit_kind"
        case .parentRequired: "admin.parent_required"
        case .unknownRole: "admin.unknown_role"
        case .roleExists: "admin.role_exists"
        case .invalidRole(let code, _): code
        case .blankName: "admin.blank_name"
        case .unknownManager: "admin.unknown_manager"
        case .unknownTimeZone: "admin.unknown_time_zone"
        case .parentKindMismatch: "admin.parent_kind_mismatch"
        case .notDisabled: "admin.not_disabled"
        case .ownsRecordsInBranch: "admin.owns_records_in_branch"
        case .unsuitableColleague: "admin.unsuitable_colleague"
        case .opportunitiesNeedAnOwner: "admin.opportunities_need_an_owner"
        case .noPoolInBranch: "admin.no_pool_in_branch"
        case .alreadyInUnit: "admin.already_in_unit"
        case .invalidID: "admin.invalid_id"
        case .unknownPermission: "admin.unknown_permission"
        case .managerInOtherBranch: "admin.manager_in_other_branch"
        case .nothingToChange: "admin.nothing_to_change"
        case .notABranch: "admin.not_a_branch"
        case .invalidRegionCode: "admin.invalid_region_code"
        case .regionNotInTerritory: "admin.region_not_in_territory"
        }
    }

    public var description: String { "\(explanation) [\(code)]" }

    // MARK: - Private

    private var explanation: String {
        switch self {
        case .unknownUser(let user):
            "There is no user '\(user.rawValue)'. Check the id, or add the user with `outpost-server users add`."
        case .userExists(let user):
            "User '\(user.rawValue)' exists already. Change their password with `outpost-server users passwd \(user.rawValue)`."
        case .mobileTaken(let owner):
            "That mobile number already belongs to user '\(owner.rawValue)'. Each user signs in with their own number."
        case .passwordTooShort(let minimum):
            "The password is too short: use at least \(minimum) characters."
        case .noLiveToken(let device):
            "Device '\(device.rawValue)' has no live token (never signed in, signed out, or revoked already). See `outpost-server devices list`."
        case .unknownUnit(let unit):
            "There is no org unit '\(unit)'. Check the id, or add the unit first with `outpost-server units add`."
        case .unitExists(let unit):
            "Org unit '\(unit)' exists already. Pick another id."
        case .unknownUnitKind(let kind):
            "'\(kind)' is not a unit kind. Pass --kind company, branch, campus or team."
        case .parentRequired(let kind):
            "A \(kind) needs a parent unit: pass --parent with the id of the unit above it."
        case .unknownRole(let role):
            "There is no active role '\(role)'. Check the id, or add the role first with `outpost-server roles add`."
        case .roleExists(let role):
            "Role '\(role)' exists already. Pick another id."
        case let .invalidRole(_, message):
            message
        case .blankName:
            "The name is empty. Pass --name with the name people know them (or it) by."
        case .unknownManager(let manager):
            "The manager '\(manager.rawValue)' names no other user (or one who left). Pass the id of an existing manager (add the manager first), or leave it out."
        case .unknownTimeZone(let zone):
            "'\(zone)' is not a time zone. Pass an IANA time zone id such as Asia/Shanghai."
        case .notDisabled(let user):
            "User '\(user.rawValue)' is not disabled; nothing changed (their devices keep their tokens)."
        case let .ownsRecordsInBranch(user, count, branch):
            "User '\(user.rawValue)' owns \(count) record\(count == 1 ? "" : "s") in branch '\(branch)', which stay\(count == 1 ? "s" : "") there (R-4.1). Nothing changed. Pass --hand-over-to with a colleague of that branch, or --release to return the leads and customers to its pool."
        case let .unsuitableColleague(colleague, branch):
            "--hand-over-to '\(colleague.rawValue)' is not another active user of branch '\(branch)'. Nothing changed. Pass someone who works there."
        case let .opportunitiesNeedAnOwner(user, count):
            "User '\(user.rawValue)' owns \(count) opportunit\(count == 1 ? "y" : "ies") in the branch they leave, and an opportunity always has an owner. Nothing changed. Pass --hand-over-to with a colleague of that branch instead of --release."
        case .noPoolInBranch(let branch):
            "Branch '\(branch)' has no public pool to release the records into. Nothing changed. Pass --hand-over-to with a colleague of that branch instead."
        case let .alreadyInUnit(user, unit):
            "User '\(user.rawValue)' is in unit '\(unit)' already; nothing changed. Pass the unit they move to."
        case .invalidID(let id):
            "'\(id)' is not an id: ids are 1 to 64 lowercase letters, digits, '-' or '_', such as ou-bj-t1. Nothing changed."
        case .unknownPermission(let permission):
            "'\(permission)' is not a permission: it would grant nothing. Pass one of " + RolePermissions.known.sorted().joined(separator: ", ") + "."
        case let .managerInOtherBranch(manager, branch, usersBranch):
            "The manager '\(manager.rawValue)' works in branch '\(branch)', not in '\(usersBranch)': a manager reads only the records of their own branch (R-4.4). Nothing changed. Pass a manager of '\(usersBranch)', someone of head office, or leave it out."
        case .nothingToChange(let unit):
            "Nothing to change for unit '\(unit)'. Pass --name, --timezone, --manager, --add-region or --remove-region."
        case .notABranch(let unit):
            "Unit '\(unit)' is not a branch: only a branch has a territory (R-4.2). Nothing changed."
        case .invalidRegionCode(let code):
            "'\(code)' is not a region code: pass a six-digit GB/T 2260 division code, such as 110108 (Haidian) or 110000 (Beijing). Nothing changed."
        case let .regionNotInTerritory(code, branch):
            "Region '\(code)' is not in branch '\(branch)''s territory. Nothing changed."
        case let .parentKindMismatch(kind, parent, parentKind):
            "A \(kind) cannot sit under '\(parent)', a \(parentKind): the tree runs company › branch › campus › team. Pass a parent of a kind above \(kind)."
        }
    }
}
