import OutpostCore
import OutpostDomain

/// A user moving to another org unit (`outpost-server users move`; DOMAIN "Org moves").
///
/// A record stays in the branch that collected it, and a branch's records reach no
/// other branch. So a user who leaves a branch cannot keep owning its leads, customers
/// and opportunities: the move hands them to a colleague of that branch, or releases the leads
/// and customers to the branch's public pool, one ownership event per record. Without either,
/// the move is refused and nothing is written. Their team memberships (`record_share`) of
/// records outside the branch they join end too. A move within the branch touches no record.
///
/// A departure (`departure(of:ownedRecords:)`: someone leaves the company) is a move to no
/// unit: every record they own goes to the colleague (an ownership event
/// `handover_on_departure`, DOMAIN §1.12) or to the pool, every team membership of theirs
/// ends, and they are disabled in the same transaction (R-10.3: their laptops' later pushes go
/// to the quarantine).
public struct UserMove: Sendable, Hashable {
    /// What becomes of the records the user owns in the branch they leave.
    public enum OwnedRecords: Sendable, Hashable {
        /// Refuse the move while they own any there.
        case refuse
        /// Give each to this colleague, an active user of that branch.
        case handOver(to: UserID)
        /// Release the leads and customers to the branch's public pool (an opportunity always
        /// has an owner, so one owned there refuses the move).
        case release
    }

    /// Who moves.
    public var user: UserID
    /// The org unit they move to; nil when they leave the company.
    public var unit: RowID?
    /// Their new manager; nil keeps the one they have.
    public var reportsTo: UserID?
    /// What becomes of their records in the branch they leave.
    public var ownedRecords: OwnedRecords

    /// A move of `user` to `unit`.
    public init(user: UserID, unit: RowID, reportsTo: UserID? = nil, ownedRecords: OwnedRecords = .refuse) {
        self.user = user
        self.unit = unit
        self.reportsTo = reportsTo
        self.ownedRecords = ownedRecords
    }

    /// `user` leaving the company, their records going as `ownedRecords` says.
    public static func departure(of user: UserID, ownedRecords: OwnedRecords) -> UserMove {
        var move = UserMove(user: user, unit: RowID(""), ownedRecords: ownedRecords)
        move.unit = nil
        return move
    }

    /// Whether the user leaves the company rather than moving.
    public var isDeparture: Bool { unit == nil }
}

/// What a `UserMove` did.
public struct UserMoveReport: Sendable, Hashable {
    /// The branch the user was in (nil: head office, or a unit under no branch).
    public var fromBranch: String?
    /// The branch they are in now.
    public var toBranch: String?
    /// The records given to the colleague.
    public var handedOver: [Record] = []
    /// The records released to the branch's pool.
    public var released: [Record] = []
    /// The team memberships (`record_share` ids) that ended: records of another branch.
    public var endedShares: [RowID] = []
    /// The people of the branch left who still report to the user (`reports_to_id`), and the
    /// units there they still manage (`manager_user_id`): for the administrator to reassign.
    public var stillReporting: [UserID] = []
    /// See `stillReporting`.
    public var stillManaged: [RowID] = []

    /// One lead, customer or opportunity.
    public struct Record: Sendable, Hashable {
        /// Its entity.
        public var entity: EntityName
        /// Its id.
        public var id: RowID

        /// A record.
        public init(entity: EntityName, id: RowID) {
            self.entity = entity
            self.id = id
        }
    }
}

/// Plans a `UserMove` through the workspace, like the nightly jobs.
enum UserMoveJob {
    /// The entities whose rows have an owner inside a branch.
    private static let ownedEntities: [EntityName] = [.lead, .customer, .opportunity]

    /// Plans `move` into `workspace`.
    /// - Returns: what moved, or why nothing may: only meaningful once the workspace needs
    ///   nothing more (a row not loaded yet reads as missing).
    static func run(_ move: UserMove, in workspace: inout PlanWorkspace) -> Result<UserMoveReport, AdministrationError> {
        let userKey = RowKey(entity: .user, id: RowID(move.user.rawValue))
        let user = workspace.row(userKey)
        let unit = move.unit.map { workspace.row(RowKey(entity: .orgUnit, id: $0)) }
        let manager = move.reportsTo.map { workspace.row(RowKey(entity: .user, id: RowID($0.rawValue))) }
        let fromBranch = user?.values[FieldName("org_unit_id")]?.textValue.flatMap { ReaderScope.branchOf(unit: $0, in: &workspace) }
        let toBranch = move.unit.flatMap { ReaderScope.branchOf(unit: $0.rawValue, in: &workspace) }
        let leavesBranch = move.isDeparture || fromBranch != toBranch
        let owned = ownedRecords(of: move.user, in: &workspace).filter { move.isDeparture || branch(of: $0, in: &workspace) == fromBranch }
        let shares = move.isDeparture ? sharesOutside(branch: nil, of: move.user, in: &workspace)
            : toBranch.map { sharesOutside(branch: $0, of: move.user, in: &workspace) } ?? []
        var colleague: (row: RowState?, branch: String?)?
        if case .handOver(let target) = move.ownedRecords {
            let row = workspace.row(RowKey(entity: .user, id: RowID(target.rawValue)))
            colleague = (row, row?.values[FieldName("org_unit_id")]?.textValue.flatMap { ReaderScope.branchOf(unit: $0, in: &workspace) })
        }

        guard let user, !user.isDeleted else { return .failure(.unknownUser(move.user)) }
        if let target = move.unit, unit??.isDeleted != false { return .failure(.unknownUnit(target.rawValue)) }
        if let reportsTo = move.reportsTo, reportsTo == move.user || manager??.isDeleted != false {
            return .failure(.unknownManager(reportsTo))
        }
        // a manager reads only the reports of their own branch; head office reads everything anyway.
        if let reportsTo = move.reportsTo, let branch = toBranch,
           let managersBranch = manager??.values[FieldName("org_unit_id")]?.textValue.flatMap({ ReaderScope.branchOf(unit: $0, in: &workspace) }),
           managersBranch != branch {
            return .failure(.managerInOtherBranch(reportsTo, branch: managersBranch, usersBranch: branch))
        }
        if case .handOver(let target) = move.ownedRecords, colleague?.row.map({ !$0.isDeleted }) != true {
            return .failure(.unknownUser(target))
        }
        var report = UserMoveReport(fromBranch: fromBranch, toBranch: toBranch)
        if leavesBranch, move.isDeparture || fromBranch != nil, !owned.isEmpty {
            let fromBranch = fromBranch ?? "—"
            switch move.ownedRecords {
            case .refuse:
                return .failure(.ownsRecordsInBranch(move.user, count: owned.count, branch: fromBranch))
            case .handOver(let target):
                guard target != move.user, let colleague, let row = colleague.row,
                      row.values[FieldName("status")]?.textValue == "active", colleague.branch ?? "—" == fromBranch else {
                    return .failure(.unsuitableColleague(target, branch: fromBranch))
                }
                for key in owned {
                    workspace.serverWrite(key, ["owner_id": .text(target.rawValue), "previous_owner_id": .text(move.user.rawValue),
                                                "received_at": .integer(workspace.serverNow)])
                    RecordShares.endMembership(of: target.rawValue, on: key, author: PlanWorkspace.system, in: &workspace)
                    ownershipEvent(move.isDeparture ? "handover_on_departure" : "transfer", subject: key, from: move.user,
                                   to: .text(target.rawValue), move: move, in: &workspace)
                }
                report.handedOver = owned.map { UserMoveReport.Record(entity: $0.entity, id: $0.id) }
            case .release:
                let opportunities = owned.filter { $0.entity == .opportunity }.count
                guard opportunities == 0 else { return .failure(.opportunitiesNeedAnOwner(move.user, count: opportunities)) }
                guard let pool = workspace.rows(.pool, where: FieldName("branch_id"), equals: .text(fromBranch))
                    .first(where: { !$0.row.isDeleted }).map({ FieldValue.text($0.id.rawValue) }) else {
                    return .failure(.noPoolInBranch(fromBranch))
                }
                for key in owned {
                    workspace.serverWrite(key, ["owner_id": .null, "previous_owner_id": .text(move.user.rawValue), "pool_state": .text("public"),
                                                "pool_id": pool, "pool_entered_at": .integer(workspace.serverNow)])
                    RecordShares.endAll(on: key, in: &workspace)
                    ownershipEvent("release", subject: key, from: move.user, to: .null, pool: pool, move: move, in: &workspace)
                }
                report.released = owned.map { UserMoveReport.Record(entity: $0.entity, id: $0.id) }
            }
        }
        for (id, subject) in shares {
            RecordShares.end(id, status: "revoked", in: &workspace, author: PlanWorkspace.system)
            RecordShares.withdraw(move.user.rawValue, on: subject, author: PlanWorkspace.system, in: &workspace)
        }
        report.endedShares = shares.map(\.id)
        if let fromBranch, fromBranch != toBranch {
            report.stillReporting = workspace.rows(.user, where: FieldName("reports_to_id"), equals: .text(move.user.rawValue))
                .filter { !$0.row.isDeleted && $0.row.values[FieldName("org_unit_id")]?.textValue.flatMap { ReaderScope.branchOf(unit: $0, in: &workspace) } == fromBranch }
                .map { UserID($0.id.rawValue) }
            report.stillManaged = workspace.rows(.orgUnit, where: FieldName("manager_user_id"), equals: .text(move.user.rawValue))
                .filter { !$0.row.isDeleted && ReaderScope.branchOf(unit: $0.id.rawValue, in: &workspace) == fromBranch }
                .map(\.id)
        }
        var values: [String: FieldValue]
        if let unit = move.unit {
            values = ["org_unit_id": .text(unit.rawValue)]
        } else if workspace.text(userKey, "status") == UserStatus.disabled, (workspace.row(userKey)?.values[FieldName("disabled_at")] ?? .null) != .null {
            // Gone already (a handover of what a quarantine release made theirs): the handover
            // alone; their cut-off for offline writes stays when they were disabled.
            values = [:]
        } else {
            values = ["status": .text(UserStatus.disabled), "disabled_at": .integer(workspace.serverNow)]
        }
        if let reportsTo = move.reportsTo { values["reports_to_id"] = .text(reportsTo.rawValue) }
        workspace.serverWrite(userKey, values)
        return .success(report)
    }

    // MARK: - Private

    /// The leads, customers and opportunities `user` owns privately, live ones only.
    private static func ownedRecords(of user: UserID, in workspace: inout PlanWorkspace) -> [RowKey] {
        ownedEntities.flatMap { entity in
            workspace.rows(entity, where: FieldName("owner_id"), equals: .text(user.rawValue)).compactMap { id, row -> RowKey? in
                guard !row.isDeleted, (row.values[FieldName("pool_state")]?.textValue ?? "private") == "private" else { return nil }
                return RowKey(entity: entity, id: id)
            }
        }
    }

    /// The user's active team memberships of leads and customers outside `branch` (R-4.4:
    /// the branch they join is the only one whose records they may keep reading); every one
    /// of them when `branch` is nil (they leave the company).
    private static func sharesOutside(branch: String?, of user: UserID, in workspace: inout PlanWorkspace) -> [(id: RowID, subject: RowKey)] {
        workspace.rows(.recordShare, where: FieldName("member_id"), equals: .text(user.rawValue)).compactMap { id, share in
            guard !share.isDeleted, share.values[FieldName("status")]?.textValue == "active",
                  let type = share.values[FieldName("subject_type")]?.textValue,
                  let subjectID = share.values[FieldName("subject_id")]?.textValue else { return nil }
            let subject = RowKey(entity: EntityName(type), id: RowID(subjectID))
            return branch != nil && Self.branch(of: subject, in: &workspace) == branch ? nil : (id, subject)
        }
    }

    private static func branch(of key: RowKey, in workspace: inout PlanWorkspace) -> String? {
        workspace.row(key)?.values[FieldName("branch_id")]?.textValue
    }

    private static func ownershipEvent(_ action: String, subject: RowKey, from: UserID, to: FieldValue, pool: FieldValue = .null,
                                       move: UserMove, in workspace: inout PlanWorkspace) {
        workspace.append(.ownershipEvent, [
            "subject_type": .text(subject.entity.rawValue), "subject_id": .text(subject.id.rawValue), "action": .text(action),
            "from_owner_id": .text(from.rawValue), "to_owner_id": to, "pool_id": pool, "actor_id": .null,
            "command_id": .text("user-move:\(move.user.rawValue):\(workspace.serverNow)"),
            "reason": .text(move.unit.map { "owner moved to org unit \($0.rawValue)" } ?? "owner left the company"),
            "server_time": .integer(workspace.serverNow),
        ])
    }
}
