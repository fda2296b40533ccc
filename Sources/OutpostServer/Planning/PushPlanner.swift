import OutpostCore
import OutpostDomain
import OutpostProtocol

/// Decides what a push does, without touching storage: validates each entry against the
/// schema, clamps future clocks, merges changes with the shared rules, executes commands,
/// runs the server's rules on what changed (`ServerRules`: ownership on create, derived
/// fields, de-dup, stage history; `ContactOwners`, `WinProbability`), and lists the rows,
/// conflicts, results and device bookkeeping a store must write in one transaction.
///
/// Every store (SQLite, PostgreSQL) loads what the plan needs, calls `plan`, loads more when
/// the plan says it lacked something (`Plan.needs`), and writes the final plan, so the rules
/// of a push live in one place.
struct PushPlanner {
    let schema: Schema
    let skewBudget: ClockSkewBudget
    /// The latest time the server's clock has read (`LatestServerTime`), when it is later than
    /// the push's `serverNow`: pushed clocks are clamped to the budget past it.
    var latestServerTime: Int64? = nil
    let commands = CommandRegistry.standard

    /// What a push must write.
    struct Plan {
        /// One result per new entry, in order.
        var results: [PushResult] = []
        /// Conflicts to append to the log, with their ids.
        var conflicts: [(id: String, record: ConflictRecord)] = []
        /// Rows that changed. Stamps of fields written by this push carry `pendingLogPosition`
        /// until the store allocates the row's change-log position.
        var changedRows: [RowKey: RowState] = [:]
        /// The highest sequence answered.
        var lastSequence: Int64
        /// The last clamped clock of the device.
        var lastClampedClock: HLCTimestamp?
        /// The latest clock taken from the device, as stored (`RegisteredDevice.lastClock`).
        var lastClock: HLCTimestamp?
        /// The largest lead of a pushed clock over server time, in ms.
        var largestSkewMilliseconds: Int64 = .min
        /// How many clocks were clamped.
        var clampedWrites: Int64 = 0
        /// What the store must load before planning again; empty for a final plan.
        var needs = PlanNeeds()
        /// Round-robin cursors to store (team → member who received the team's last lead),
        /// from the pool jobs; empty for a push.
        var allocationCursors: [String: String] = [:]
        /// How the plan moves rows between scope keys: every changed row, and the unchanged
        /// children that follow a changed parent (the store gives those a new position too).
        var scopeChanges: [RowKey: ScopeChange] = [:]
    }

    /// Stamped on fields written by this push until the store allocates the real position.
    static let pendingLogPosition = PlanWorkspace.pendingLogPosition

    /// How many load-and-plan rounds a push may take before the store gives up.
    static let maximumRounds = 12

    /// Refuses a push whose shape no honest client produces: an empty device id, sequence
    /// numbers that do not start at 1 or more and increase, or clocks issued by another device
    /// (which would borrow that device's tie-break).
    /// - Throws: `ServerError.malformedRequest` naming the problem.
    static func checkShape(of push: PushRequest) throws {
        guard !push.deviceID.rawValue.isEmpty, push.deviceID.rawValue.count <= 128 else {
            throw ServerError.malformedRequest("'deviceID' must be 1 to 128 characters.")
        }
        for list in [push.changes.map(\.sequence), push.commands.map(\.sequence)] {
            for (previous, next) in zip(list, list.dropFirst()) where next <= previous {
                throw ServerError.malformedRequest("Sequence numbers must increase within a push (\(previous) is followed by \(next)).")
            }
        }
        let sequences = push.sequences
        if let first = sequences.first, first <= 0 {
            throw ServerError.malformedRequest("Sequence numbers start at 1 (got \(first)).")
        }
        if let repeated = zip(sequences, sequences.dropFirst()).first(where: { $0 == $1 }) {
            throw ServerError.malformedRequest("Sequence number \(repeated.0) is used by two entries of one push.")
        }
        let clocks = push.changes.map { ($0.sequence, $0.clock) } + push.commands.map { ($0.sequence, $0.clock) }
        if let foreign = clocks.first(where: { $0.1.deviceID != push.deviceID }) {
            throw ServerError.malformedRequest("Entry \(foreign.0) carries a clock of device '\(foreign.1.deviceID)', not of '\(push.deviceID)'.")
        }
        if let unknown = push.commands.first(where: { !CommandName.all.contains($0.name) }) {
            throw ServerError.malformedRequest("Entry \(unknown.sequence) names an unknown command '\(unknown.name)'; known: "
                                               + CommandName.all.map(\.rawValue).joined(separator: ", ") + ".")
        }
        let ids = push.changes.map { ($0.sequence, $0.rowID) } + push.commands.flatMap { [($0.sequence, $0.rowID), ($0.sequence, $0.id)] }
        if let odd = ids.first(where: { !$0.1.isWellFormed }) {
            throw ServerError.malformedRequest("Entry \(odd.0) names the id '\(odd.1.rawValue.prefix(80))', which is not an id: ids are 1 to 64 "
                                               + "lowercase letters, digits, '-' or '_' (a new row's id is a lowercase UUIDv7, spec §5).")
        }
    }

    /// What the first planning round needs: the rows the push writes or commands, and the
    /// lookups the server's rules will make (`ServerRules.expectedLookups`).
    func initialNeeds(_ changes: [PushChange], _ commands: [PushCommand]) -> PlanNeeds {
        var needs = PlanNeeds(lookups: ServerRules.expectedLookups(of: changes, schema: schema))
        for change in changes where schema.entity(change.entity) != nil {
            needs.rows.insert(RowKey(entity: change.entity, id: change.rowID))
        }
        for command in commands where schema.entity(command.entity) != nil {
            needs.rows.insert(RowKey(entity: command.entity, id: command.rowID))
        }
        return needs
    }

    /// Plans the new entries of a push.
    /// - Parameters:
    ///   - changes: field writes not answered before, in increasing sequence order.
    ///   - commands: commands not answered before, in increasing sequence order.
    ///   - author: the authenticated user; stamped on every write (never trusted from the body).
    ///   - scope: what the author may change; nil when the store has no organisation loaded
    ///     (no user rows: a sync-only deployment), where every write is allowed.
    ///   - device: the device's bookkeeping before this push.
    ///   - snapshot: what the store loaded.
    ///   - serverNow: the server's wall clock.
    ///   - clientAddress: where the push came from, stamped on its audit entries.
    ///   - signedInAt: when the pushing device signed in (`PushAuthority.signedInAt`).
    ///   - releasing: entries a manager released from the quarantine (`PushAuthority.quarantineRelease`):
    ///     a write the author could make when they wrote it, before their cut-off, is theirs
    ///     though the record has passed to someone else since (`WritePermission.couldWrite`).
    ///   - makeID: returns a fresh id for each conflict and each row the server appends.
    func plan(_ changes: [PushChange], commands: [PushCommand] = [], author: UserID, scope: ReaderScope? = nil,
              device: DeviceRecord, snapshot: RowSnapshot, serverNow: Int64, clientAddress: String? = nil, signedInAt: Int64? = nil,
              releasing: Bool = false, makeID: @escaping @Sendable () -> String) -> Plan {
        let first = plan(changes, commands: commands, author: author, scope: scope, device: device, snapshot: snapshot,
                         serverNow: serverNow, clientAddress: clientAddress, signedInAt: signedInAt, releasing: releasing, makeID: makeID,
                         revertingFirst: [])
        // Late evidence in this push gave a reclaimed subject back to its author: the
        // author's other writes are judged again with the subject theirs from the start, so
        // what they changed while they held it is not refused as a write to a pool record.
        guard first.needs.isEmpty, first.results.contains(where: { $0.code?.rawValue.hasPrefix("permission.") == true }) else { return first }
        let reverts = ReclaimRevert.reverts(in: first.changedRows, author: author)
        guard !reverts.isEmpty else { return first }
        return plan(changes, commands: commands, author: author, scope: scope, device: device, snapshot: snapshot,
                    serverNow: serverNow, clientAddress: clientAddress, signedInAt: signedInAt, releasing: releasing, makeID: makeID,
                    revertingFirst: reverts)
    }

    /// The earliest a row this push creates counts as created when two leads share a mobile
    /// (R-2.3, "先录先得"): a device's clock never goes back below what it sent before, nor
    /// below its sign-in (DOMAIN §2.6: backdating is bounded), so an earlier clock is a forged
    /// or restored one and takes no lead from someone who entered it first.
    private static func creationFloor(device: DeviceRecord, signedInAt: Int64?) -> HLCTimestamp? {
        let signIn = signedInAt.map { HLCTimestamp(wallMilliseconds: $0, counter: 0, deviceID: device.id) }
        return [device.lastClock, signIn].compactMap { $0 }.max()
    }

    /// `plan`, with the reclaims in `revertingFirst` reverted before any entry is judged.
    private func plan(_ changes: [PushChange], commands: [PushCommand], author: UserID, scope: ReaderScope?,
                      device: DeviceRecord, snapshot: RowSnapshot, serverNow: Int64, clientAddress: String?, signedInAt: Int64?,
                      releasing: Bool, makeID: @escaping @Sendable () -> String, revertingFirst reverts: [ReclaimRevert.Revert]) -> Plan {
        var plan = Plan(lastSequence: device.lastSequence, lastClampedClock: device.lastClampedClock, lastClock: device.lastClock)
        var workspace = PlanWorkspace(schema: schema, serverNow: serverNow, snapshot: snapshot, clientAddress: clientAddress, makeID: makeID)
        workspace.creationFloor = Self.creationFloor(device: device, signedInAt: signedInAt)
        for revert in reverts {
            ReclaimRevert.apply(revert, author: author, in: &workspace)
        }
        var rules = ServerRules(author: author, device: device.id, scope: scope)
        let permission = scope.map { WritePermission(schema: schema, author: $0) }
        var refusedRows = permission?.refusals(of: changes, in: &workspace) ?? [:]
        let appointmentRefusals = AppointmentRules(skewBudget: skewBudget).refusals(of: changes, commands: commands, serverNow: serverNow, in: &workspace)
        // Judged without the refused appointment writes: a new appointment whose status was
        // refused is refused whole, not stored without one (spec §8.2).
        refusedRows.merge(RowRuleCheck(schema: schema, permission: permission).refusals(of: changes, besides: appointmentRefusals, in: &workspace)) {
            permissionFirst, _ in permissionFirst
        }
        refusedRows.merge(appointmentRefusals) { first, _ in first }
        var changeIndex = 0, commandIndex = 0
        while changeIndex < changes.count || commandIndex < commands.count {
            let takeChange = commandIndex == commands.count
                || (changeIndex < changes.count && changes[changeIndex].sequence < commands[commandIndex].sequence)
            if takeChange {
                let change = changes[changeIndex]
                changeIndex += 1
                plan.lastSequence = change.sequence
                if let refusal = refusedRows[change.sequence] {
                    // A write the author may not make is refused for that first, even when it
                    // would also break a row rule (and is audited as such, R-10.4).
                    let answer = permissionRefusal(of: change, permission, in: &workspace) ?? refusal
                    plan.results.append(showingStoredVersion(answer, of: change, to: scope, in: &workspace))
                    continue
                }
                let answer = apply(change, author: author, permission: permission, releasing: releasing, plan: &plan,
                                   workspace: &workspace, rules: &rules)
                plan.results.append(showingStoredVersion(answer, of: change, to: scope, in: &workspace))
            } else {
                let command = commands[commandIndex]
                commandIndex += 1
                plan.lastSequence = command.sequence
                rules.settle(in: &workspace)
                let clock = clamp(command.clock, serverNow: serverNow, plan: &plan).clock
                let result = if self.commands.wasExecuted(command, in: &workspace) {
                    PushResult(sequence: command.sequence, status: .applied)
                } else if let refusal = permission?.refusal(of: command, in: &workspace) {
                    PushResult(sequence: command.sequence, status: .rejected, code: ErrorCode(rawValue: refusal.code), message: refusal.message)
                } else {
                    self.commands.execute(command, clock: clock, actor: author, scope: scope, in: &workspace)
                }
                RefusedConvert.undo(command, answered: result, author: author, in: &workspace)
                plan.results.append(result)
            }
        }
        rules.settle(in: &workspace)
        ContactOwners.follow(workspace.changedRows.keys, in: &workspace)
        WonOpportunities.clearLostReasons(of: Array(workspace.changedRows.keys), in: &workspace)
        WinProbability.derive(for: Array(workspace.changedRows.keys), in: &workspace)
        PermissionAudit.record(plan.results, changes: changes, commands: commands, actor: author, device: device.id, in: &workspace)
        plan.scopeChanges = ScopeTracker.changes(of: workspace.changedRows.keys, in: &workspace)
        plan.conflicts = workspace.conflicts
        plan.changedRows = workspace.changedRows
        plan.needs = workspace.needs
        return plan
    }

    /// The refusals of a write to a record that is someone else's now, which a released entry
    /// written while it was its author's does not get (`WritePermission.couldWrite`).
    static let passedOnSince: Set<String> = ["permission.not_owner", "permission.not_in_scope"]

    /// The answer for an old sequence whose stored result is gone: it was applied long ago.
    static func forgottenResult(_ sequence: Int64) -> PushResult {
        PushResult(sequence: sequence, status: .applied)
    }

    // MARK: - Private

    /// Merges one field write and answers it.
    private func apply(_ change: PushChange, author: UserID, permission: WritePermission?, releasing: Bool, plan: inout Plan,
                       workspace: inout PlanWorkspace, rules: inout ServerRules) -> PushResult {
        let fieldSchema: FieldSchema
        var change = change
        do {
            // The same normalization as on the laptop: a stale client's "+86 138-…" is stored as 138….
            let current = workspace.row(RowKey(entity: change.entity, id: change.rowID))?.values[change.field]
            (fieldSchema, change.value) = try schema.validate(entity: change.entity, field: change.field, value: change.value,
                                                              replacing: current)
            try CommandOnlyValues.check(change)
        } catch {
            return rejected(change, error)
        }
        let verdict = clamp(change.clock, serverNow: workspace.serverNow, plan: &plan)
        let addressed = RowKey(entity: change.entity, id: change.rowID)
        var key = addressed
        if schema.entity(change.entity)?.kind == .mutable {
            // A write to a merged row goes to the row it was merged into (DOMAIN §3.2 rule 6).
            key = workspace.head(of: key)
        }
        if let stored = workspace.row(key), !stored.isDeleted, let version = stored.version(of: change.field),
           version.clock == verdict.clock, version.value == change.value {
            // The very write the field holds, sent again (a laptop file put back from a copy
            // sends what it had sent before the copy came back, spec §11.1): answered as it
            // was, judged by nothing else, as a repeated command is (round 27: a re-sent
            // `lead add` had its read-only fields refused as edits).
            return PushResult(sequence: change.sequence, status: .applied)
        }
        if let permission, let refusal = permission.refusal(writing: change.field, value: change.value, of: key, in: &workspace),
           !(releasing && Self.passedOnSince.contains(refusal.code) && permission.couldWrite(key, at: change.clock.wallMilliseconds, in: &workspace)) {
            // Permission before merge: refused, never a losing merge (DOMAIN §3.2 rule 1).
            return rejected(change, refusal)
        }
        if let refusal = AppendOnlyRows.refusal(writing: change.value, to: change.field, of: key, in: &workspace) {
            return rejected(change, refusal)
        }
        if let refusal = RefusedConvert.refusal(ofWritingTo: key, in: &workspace) {
            return rejected(change, refusal)
        }
        if let refusal = ConvertedLeads.refusal(ofWritingTo: key, in: &workspace) {
            // After a convert earlier in this push too: entries apply in sequence order.
            return rejected(change, refusal)
        }
        if let refusal = UniqueMobile.refusal(writing: change.value, to: change.field, of: key, in: &workspace) {
            return rejected(change, refusal)
        }
        if let refusal = CustomerTypeLock.refusal(writing: change.value, to: change.field, of: key, in: &workspace) {
            return rejected(change, refusal)
        }
        let previousRow = workspace.row(key)
        let clock = reissuedClock(verdict.clock, writing: change.value, over: previousRow?.version(of: change.field), plan: &plan)
        var fieldChange = change.fieldChange(author: author, clock: clock)
        fieldChange.rowID = key.id
        let policy = StaleOutcome.policy(for: fieldChange, declared: fieldSchema.policy, in: previousRow)
        let (outcome, conflictID) = workspace.merge(fieldChange, policy: policy)
        // An edit is not a way around who may restore a deleted lead, whether it came
        // after the tombstone or the tombstone after it; without an organisation, anyone may.
        let held = permission == nil ? [:] : TombstoneHolds.settle(key, written: fieldChange.field, in: &workspace)
        let storedClock = verdict.wasClamped || clock != verdict.clock ? clock : nil
        rules.noteWrite(fieldChange, previousRow: previousRow, outcome: outcome.decision, in: &workspace)
        if case .takeIncoming = outcome.decision, previousRow != nil {
            DeleteAudit.record(fieldChange, device: change.clock.deviceID, in: &workspace)
        }
        var result = answer(change, outcome: outcome, conflictID: conflictID, storedClock: storedClock, row: key, in: &workspace)
        if let heldID = held[change.field] {
            // Stored, but beneath the tombstone: lost like a merge, until an undelete.
            result = PushResult(sequence: change.sequence, status: .superseded, storedClock: storedClock, conflictID: heldID,
                                currentVersion: workspace.row(key)?.version(of: change.field).map(WireFieldVersion.init))
        }
        if key != addressed {
            // Redirected: the answer names the row that took the write, and carries the
            // addressed row's own version of the field, which the device shows again there.
            result.aliases = [addressed.id.rawValue: key.id.rawValue]
            result.currentVersion = workspace.row(addressed)?.version(of: change.field).map(WireFieldVersion.init)
        }
        return result
    }

    /// A refused write's answer with the field's version on the server, which the device shows
    /// again in place of its write (spec §11.2): without it, the device would drop its value and
    /// hold the field empty until the field changed again on the server. Only a version the
    /// author may read: never of a field their roles or a pool hide, nor of a row out of their
    /// scope (`scope` nil: no organisation, everyone reads everything).
    private func showingStoredVersion(_ result: PushResult, of change: PushChange, to scope: ReaderScope?,
                                      in workspace: inout PlanWorkspace) -> PushResult {
        guard result.status == .rejected, result.currentVersion == nil else { return result }
        let key = RowKey(entity: change.entity, id: change.rowID)
        guard let version = workspace.row(key)?.version(of: change.field) else { return result }
        if let scope {
            let keys = RowScopeRules.keys(of: key, schema: schema) { workspace.row($0) }
            guard scope.mayRead(change.field, of: change.entity, carrying: keys) else { return result }
        }
        var shown = result
        shown.currentVersion = WireFieldVersion(version)
        return shown
    }

    /// The refusal of a write to an existing row its author may not make, if it is one.
    private func permissionRefusal(of change: PushChange, _ permission: WritePermission?, in workspace: inout PlanWorkspace) -> PushResult? {
        guard let permission else { return nil }
        var key = RowKey(entity: change.entity, id: change.rowID)
        if schema.entity(change.entity)?.kind == .mutable { key = workspace.head(of: key) }
        return permission.refusal(writing: change.field, value: change.value, of: key, in: &workspace).map { rejected(change, $0) }
    }

    /// The answer to a merged write.
    private func answer(_ change: PushChange, outcome: FieldMerge.Outcome, conflictID: String?, storedClock: HLCTimestamp?,
                        row key: RowKey, in workspace: inout PlanWorkspace) -> PushResult {
        switch outcome.decision {
        case .takeIncoming, .join, .alreadyApplied:
            return PushResult(sequence: change.sequence, status: .applied, storedClock: storedClock, conflictID: conflictID)
        case .keepCurrent where outcome.conflict == nil && outcome.resultingVersion?.value == change.value:
            // It lost to a write of the same value: nothing was lost.
            return PushResult(sequence: change.sequence, status: .applied, storedClock: storedClock)
        case .keepCurrent:
            // Without a conflict entry when it lost to a later write of its own device (spec
            // §9.1): the field does not hold it, so it is not `applied` (§11.2).
            return PushResult(sequence: change.sequence, status: .superseded, storedClock: storedClock, conflictID: conflictID,
                              currentVersion: workspace.row(key)?.version(of: change.field).map(WireFieldVersion.init))
        case .reject(let rejection):
            var result = rejected(change, rejection)
            result.currentVersion = workspace.row(key)?.version(of: change.field).map(WireFieldVersion.init)
            return result
        }
    }

    /// `clock`, or a later one of the same device when the field holds another value under
    /// this very clock. Only a device that forgot clocks it had issued sends that: a replica
    /// file restored from an older copy, or copied to a second machine, whose clock resumed
    /// where the copy left it (spec §11.1). Taken as it is, the write would pass for the one
    /// already stored and be answered applied while the field keeps the other value, and the
    /// device and the server would never converge. It is the device's later write (it comes
    /// with a later sequence), so it is stamped just above both the stored clock and every
    /// clock the device has sent, and merged as such: the stored value, when it loses, goes to
    /// the conflict log like any lost write. The answer's `storedClock` gives the device the
    /// clock, as for a clamped one.
    private func reissuedClock(_ clock: HLCTimestamp, writing value: FieldValue, over stored: FieldVersion?, plan: inout Plan) -> HLCTimestamp {
        guard let stored, stored.clock == clock, stored.value != value else { return clock }
        let reissued = max(stored.clock, plan.lastClock ?? stored.clock).successor(on: clock.deviceID)
        plan.lastClock = reissued
        return reissued
    }

    /// Clamps a clock too far ahead of the server's (its latest reading) and keeps the device's
    /// skew figures.
    private func clamp(_ clock: HLCTimestamp, serverNow: Int64, plan: inout Plan) -> ClockSkewBudget.Verdict {
        let verdict = skewBudget.check(clock, serverNow: max(serverNow, latestServerTime ?? serverNow), previous: plan.lastClampedClock)
        plan.largestSkewMilliseconds = max(plan.largestSkewMilliseconds, verdict.skewMilliseconds)
        plan.lastClock = max(plan.lastClock ?? verdict.clock, verdict.clock)
        if verdict.wasClamped {
            plan.lastClampedClock = verdict.clock
            plan.clampedWrites += 1
        }
        return verdict
    }

    private func rejected(_ change: PushChange, _ error: any Error) -> PushResult {
        let rejection = error as? ChangeRejection
        let refusal = error as? CommandRefusal
        return PushResult(sequence: change.sequence, status: .rejected,
                          code: ErrorCode(rawValue: rejection?.code ?? refusal?.code ?? "change.invalid_value"),
                          message: rejection?.message(entity: change.entity, field: change.field) ?? refusal?.message ?? "\(error)")
    }
}
