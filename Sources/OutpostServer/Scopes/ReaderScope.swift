import OutpostCore

/// What one user may see and change (R-8.1, DOMAIN §2.9), as scope keys:
///
/// - everyone reads `org`, and reads and writes `owner:self` and `member:self`, reads `reader:self`;
/// - salespeople, team leads and branch managers read their branch's `pool` (hidden fields removed);
/// - a team lead reads and writes the records of the people who report to them (transitively)
///   and of their team;
/// - a branch manager reads and writes `branch:B`; head office `all`.
///
/// A store resolves it from the `user`, `org_unit` and `pool` rows before a pull or a push.
struct ReaderScope: Hashable, Sendable {
    /// The user.
    let user: UserID
    /// The user's position (`course_consultant`, `team_lead`, …), nil without a user row.
    let position: String?
    /// The keys whose rows the user receives.
    let readKeys: Set<ScopeKey>
    /// The keys whose rows the user may change.
    let writeKeys: Set<ScopeKey>
    /// Per pool key, the fields removed from rows delivered only through it.
    let hiddenFields: [ScopeKey: Set<FieldName>]

    /// Positions that sell and so see their branch's pool.
    static let poolPositions: Set<String> = ["course_consultant", "ground_sales", "team_lead", "branch_manager"]
    /// Positions whose holders may change other people's records within their scope.
    static let managerPositions: Set<String> = ["team_lead", "branch_manager", "hq_admin"]

    /// How many load-and-resolve rounds a store allows (the unit chain and the reporting chain
    /// are read a level per round).
    static let maximumRounds = 24

    /// Whether the user may change a row carrying `keys`.
    func mayWrite(_ keys: Set<ScopeKey>) -> Bool { !writeKeys.isDisjoint(with: keys) }

    /// Whether the user receives a row carrying `keys`.
    func mayRead(_ keys: Set<ScopeKey>) -> Bool { !readKeys.isDisjoint(with: keys) }

    /// A short text that changes whenever what the user may read changes (keys or hidden
    /// fields); pull cursors carry it, and a cursor made under another scope restarts the pull.
    var fingerprint: String {
        var text = readKeys.map(\.rawValue).sorted().joined(separator: "\n")
        for (key, fields) in hiddenFields.sorted(by: { $0.key < $1.key }) {
            text += "\n-" + key.rawValue + ":" + fields.map(\.rawValue).sorted().joined(separator: ",")
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 36)
    }

    /// Resolves the scope of `user` from the rows `workspace` reads; nil while it still lacks
    /// rows (see `workspace.needs`), and a scope of the user's own records when the user has
    /// no `user` row.
    static func resolve(_ user: UserID, in workspace: inout PlanWorkspace) -> ReaderScope? {
        let me = user.rawValue
        var read: Set<ScopeKey> = [.organisation, .owner(me), .member(me), .reader(me)]
        var write: Set<ScopeKey> = [.owner(me), .member(me)]
        var hidden: [ScopeKey: Set<FieldName>] = [:]
        let row = workspace.row(RowKey(entity: .user, id: RowID(me)))
        guard workspace.needs.isEmpty else { return nil }
        guard let row, !row.isDeleted else {
            return ReaderScope(user: user, position: nil, readKeys: read, writeKeys: write, hiddenFields: [:])
        }
        let position = row.values[FieldName("position")]?.textValue
        let unit = row.values[FieldName("org_unit_id")]?.textValue
        let branch = unit.flatMap { branchOf(unit: $0, in: &workspace) }
        if position == "hq_admin" {
            read.insert(.everything)
            write.insert(.everything)
        }
        if position == "branch_manager", let branch {
            read.insert(.branch(branch))
            write.insert(.branch(branch))
        }
        if position == "team_lead" {
            for colleague in team(of: me, unit: unit, in: &workspace) {
                read.insert(.owner(colleague))
                write.insert(.owner(colleague))
            }
        }
        if let branch, poolPositions.contains(position ?? "") {
            read.insert(.pool(branch))
            var fields: Set<FieldName> = []
            for (_, pool) in workspace.rows(.pool, where: FieldName("branch_id"), equals: .text(branch)) where !pool.isDeleted {
                for field in pool.values[FieldName("hidden_fields")]?.listValue ?? [] {
                    if let name = field.textValue { fields.insert(FieldName(name)) }
                }
            }
            if !fields.isEmpty { hidden[.pool(branch)] = fields }
        }
        guard workspace.needs.isEmpty else { return nil }
        return ReaderScope(user: user, position: position, readKeys: read, writeKeys: write, hiddenFields: hidden)
    }

    // MARK: - Private

    /// The branch a unit belongs to: the unit itself or its nearest `branch` ancestor.
    private static func branchOf(unit: String, in workspace: inout PlanWorkspace) -> String? {
        var current = unit
        for _ in 0..<8 {
            guard let row = workspace.row(RowKey(entity: .orgUnit, id: RowID(current))) else { return nil }
            if row.values[FieldName("kind")]?.textValue == "branch" { return current }
            guard let parent = row.values[FieldName("parent_id")]?.textValue, !parent.isEmpty else { return nil }
            current = parent
        }
        return nil
    }

    /// The people a team lead answers for: everyone who reports to them, directly or not, and
    /// everyone in their own unit.
    private static func team(of lead: String, unit: String?, in workspace: inout PlanWorkspace) -> Set<String> {
        var found: Set<String> = []
        var frontier = [lead]
        for _ in 0..<6 where !frontier.isEmpty {
            var next: [String] = []
            for boss in frontier {
                for (id, _) in workspace.rows(.user, where: FieldName("reports_to_id"), equals: .text(boss)) where found.insert(id.rawValue).inserted {
                    next.append(id.rawValue)
                }
            }
            frontier = next
        }
        if let unit {
            for (id, _) in workspace.rows(.user, where: FieldName("org_unit_id"), equals: .text(unit)) { found.insert(id.rawValue) }
        }
        found.remove(lead)
        return found
    }
}

extension Identifier where Kind == EntityKind {
    static var orgUnit: EntityName { EntityName("org_unit") }
}
