import OutpostCore

/// The rows a push is planned against, and everything the plan has written so far: the
/// planner's only view of storage. Reads come from the rows already written in this plan,
/// then from the snapshot the store loaded; what neither holds is noted in `needs`, and the
/// store plans again once it has loaded it.
///
/// Pure and a value: a command that refuses is undone by restoring a copy.
struct PlanWorkspace: Sendable {
    /// The schema every write is checked against.
    let schema: Schema
    /// The server's wall clock for this push.
    let serverNow: Int64
    /// What the store loaded.
    let snapshot: RowSnapshot
    /// Where the push came from, stamped as `client_ip` on every audit entry this plan writes
    /// or receives (DOMAIN §1.14); nil for a push that did not come over HTTP.
    let clientAddress: String?
    /// The earliest clock a row created by this push counts as created at when duplicates are
    /// merged (`PushPlanner.creationFloor`); nil when nothing bounds it.
    var creationFloor: HLCTimestamp?
    /// Rows written by this plan, by key.
    private(set) var working: [RowKey: RowState] = [:]
    /// Conflicts to append to the log, with their ids.
    private(set) var conflicts: [(id: String, record: ConflictRecord)] = []
    /// What this round lacked.
    private(set) var needs = PlanNeeds()
    /// The rows written by this plan by the value of each indexed field, so a lookup costs
    /// what it finds, not a scan of every row the plan wrote (a push of 1,000 new leads asks
    /// who else has each mobile).
    private var workingLookups: [RowLookup: Set<RowID>] = [:]
    /// The indexed fields of each entity, read once from the schema.
    private var indexedFields: [EntityName: [FieldName]] = [:]
    private let makeID: @Sendable () -> String
    private var lastServerClock: HLCTimestamp?

    /// The device stamped on every clock the server itself issues.
    static let serverDevice = DeviceID.server
    /// The author of writes no person asked for (derived fields, de-dup).
    static let system = UserID.system
    /// Stamped on fields written by this plan until the store allocates the row's position.
    static let pendingLogPosition: Int64 = -1

    init(schema: Schema, serverNow: Int64, snapshot: RowSnapshot, clientAddress: String? = nil, makeID: @escaping @Sendable () -> String) {
        self.schema = schema
        self.serverNow = serverNow
        self.snapshot = snapshot
        self.clientAddress = clientAddress
        self.makeID = makeID
    }

    /// `client_ip` as an audit entry holds it: the push's address, or `-` without one.
    var clientAddressText: String { clientAddress ?? "-" }

    // MARK: Reading

    /// The row as this plan sees it, or nil when it does not exist (or is not loaded yet).
    mutating func row(_ key: RowKey) -> RowState? {
        if let row = working[key] { return row }
        guard schema.entity(key.entity) != nil else { return nil }
        switch snapshot.stored(key) {
        case .some(let row): return row
        case .none:
            needs.rows.insert(key)
            return nil
        }
    }

    /// Whether the row existed before this push.
    func existedBefore(_ key: RowKey) -> Bool { snapshot.existed(key) }

    /// The row as it was stored before this plan, or nil when it did not exist (or is not
    /// loaded yet: then it is noted in `needs`).
    mutating func storedRow(_ key: RowKey) -> RowState? {
        guard schema.entity(key.entity) != nil else { return nil }
        switch snapshot.stored(key) {
        case .some(let row): return row
        case .none:
            needs.rows.insert(key)
            return nil
        }
    }

    /// The rows of `entity` whose `field` holds `value`, in id order.
    /// - Parameter storedToo: also look in storage; false when `value` is the id of a row this
    ///   push creates, which no stored row can name yet (it saves a query per new row).
    mutating func rows(_ entity: EntityName, where field: FieldName, equals value: FieldValue,
                       storedToo: Bool = true) -> [(id: RowID, row: RowState)] {
        // Only declared fields have columns to look in.
        guard schema.entity(entity)?.field(field) != nil else { return [] }
        let lookup = RowLookup(entity: entity, field: field, value: value)
        var ids = Set<RowID>()
        if !storedToo {
            // Only rows written by this plan.
        } else if let found = snapshot.lookups[lookup] {
            ids.formUnion(found)
        } else {
            needs.lookups.insert(lookup)
        }
        if indexedFieldNames(of: entity).contains(field) {
            ids.formUnion(workingLookups[lookup] ?? [])
        } else {
            for (key, row) in working where key.entity == entity && row.values[field] == value {
                ids.insert(key.id)
            }
        }
        return ids.sorted().compactMap { id in
            guard let row = row(RowKey(entity: entity, id: id)), row.values[field] == value else { return nil }
            return (id, row)
        }
    }

    /// The text of a field of a row, if the row and the value exist.
    mutating func text(_ key: RowKey, _ field: String) -> String? {
        row(key)?.values[FieldName(field)]?.textValue
    }

    /// Follows `merged_into_id` from a row to the row that stands for it now (at most 16 hops).
    mutating func head(of key: RowKey) -> RowKey {
        var current = key
        for _ in 0..<16 {
            guard let next = row(current)?.values[.mergedInto]?.textValue, !next.isEmpty else { return current }
            current = RowKey(entity: current.entity, id: RowID(next))
        }
        return current
    }

    /// The value that says `word` in a field: a stage field holds `{"epoch": e, "stage": word}`,
    /// any other field the plain word.
    func value(_ word: String, for entity: EntityName, field: String, epoch: Int64 = 0) -> FieldValue {
        if case .stage = schema.entity(entity)?.field(FieldName(field))?.type {
            return StageValue(epoch: epoch, stage: word).fieldValue
        }
        return .text(word)
    }

    /// The word a field says: the stage of a stage value, or the text.
    static func word(_ value: FieldValue?) -> String? {
        guard let value else { return nil }
        return StageValue(value)?.stage ?? value.textValue
    }

    // MARK: Writing

    /// A fresh row id (UUIDv7 from the server's clock).
    func newID() -> RowID { RowID(makeID()) }

    /// Merges a write under the field's policy, recording a conflict when one value loses.
    mutating func merge(_ change: FieldChange, policy: MergePolicy) -> (outcome: FieldMerge.Outcome, conflictID: String?) {
        let key = RowKey(entity: change.entity, id: change.rowID)
        var row = row(key) ?? RowState()
        let outcome = row.merge(change, policy: policy, logPosition: Self.pendingLogPosition)
        var conflictID: String?
        if let conflict = outcome.conflict {
            let id = makeID()
            conflicts.append((id, conflict))
            conflictID = id
        }
        switch outcome.decision {
        case .join(let joined):
            // A join carries the clock of the newer of the two writes, with a value neither had.
            // The device that made that write holds the clock already, with its own value, and
            // takes an equal stamp as the same write: it would never receive the join. A fresh
            // server clock above both sends the joined value to every replica (invariant 1).
            row.stamps[change.field] = FieldStamp(clock: serverClock(after: joined.clock), author: joined.author,
                                                  logPosition: Self.pendingLogPosition)
            store(row, at: key)
        case .takeIncoming: store(row, at: key)
        case .keepCurrent, .alreadyApplied, .reject: break
        }
        return (outcome, conflictID)
    }

    /// Keeps a value a command overrode in the conflict log when the merge cannot tell it was
    /// concurrent: both versions carry server clocks (one command's write over another's).
    /// - Returns: the conflict's id.
    @discardableResult
    mutating func logConflict(_ record: ConflictRecord) -> String {
        let id = makeID()
        conflicts.append((id, record))
        return id
    }

    /// Writes fields the server decides (owner, pool state, derived values, …) past their
    /// policy, each with a server clock above the field's current one. Unknown fields and
    /// unchanged values are skipped.
    /// - Parameter device: the device on the clocks (a seed file's writes carry their own,
    ///   `SeedFileWrites.device`).
    mutating func serverWrite(_ key: RowKey, _ values: [String: FieldValue], author: UserID = PlanWorkspace.system,
                              device: DeviceID = PlanWorkspace.serverDevice) {
        serverWrite(key, values, author: author, device: device, onto: row(key) ?? RowState())
    }

    private mutating func serverWrite(_ key: RowKey, _ values: [String: FieldValue], author: UserID, device: DeviceID,
                                      onto current: RowState) {
        guard let entity = schema.entity(key.entity) else { return }
        var row = current
        var changed = false
        let wasDeleted = current.isDeleted
        // The tombstone goes last, so it is newer than every field written with it (a merged
        // tail is deleted, not revived by its own `merged_into_id`).
        for (name, value) in values.sorted(by: { ($0.key == "deleted" ? 1 : 0, $0.key) < ($1.key == "deleted" ? 1 : 0, $1.key) }) {
            let field = FieldName(name)
            guard let declared = entity.field(field) else { continue }
            assert(value == .null || declared.type.accepts(value), "server write of \(value) to \(key.entity).\(field) does not fit \(declared.type)")
            if row.stamps[field] != nil, (row.values[field] ?? .null) == value { continue }
            row.values[field] = value
            row.stamps[field] = FieldStamp(clock: serverClock(writing: field, value, of: row, on: device), author: author,
                                           logPosition: Self.pendingLogPosition)
            changed = true
        }
        // A derived value (a follow-up's `last_followup_at`, a score) is kept beneath a
        // tombstone, never a reason for the row to come back (DOMAIN §3.2 rule 6).
        if changed, wasDeleted, values["deleted"] == nil { restampTombstone(of: &row) }
        if changed { store(row, at: key) }
    }

    /// Keeps `key` deleted against writes that may not bring it back (`TombstoneHolds`): its
    /// tombstone, when below `clock` (the newest such write), is stamped again just above it,
    /// by its own author, so those writes stay beneath it (DOMAIN §3.2 rule 6; an undelete
    /// restores them, and one made after them still wins).
    /// - Returns: the tombstone's version, or nil when the row holds none.
    mutating func keepDeleted(_ key: RowKey, above clock: HLCTimestamp) -> FieldVersion? {
        guard var row = row(key), row.values[.deleted] == .bool(true), let tombstone = row.stamps[.deleted] else { return nil }
        if tombstone.clock < clock {
            row.stamps[.deleted] = FieldStamp(clock: clock.successor(on: Self.serverDevice), author: tombstone.author,
                                              logPosition: Self.pendingLogPosition)
            store(row, at: key)
        }
        return row.version(of: .deleted)
    }

    /// Stamps the tombstone of a row it no longer deletes (a field was written after it) just
    /// above its newest field: above that write, and no further, so an undelete made after the
    /// write still wins. - Returns: whether it did.
    @discardableResult
    private mutating func restampTombstone(of row: inout RowState) -> Bool {
        guard !row.isDeleted, row.values[.deleted] == .bool(true), let tombstone = row.stamps[.deleted],
              let newest = row.stamps.byField.values.map(\.clock).max() else { return false }
        row.stamps[.deleted] = FieldStamp(clock: newest.successor(on: Self.serverDevice), author: tombstone.author,
                                          logPosition: Self.pendingLogPosition)
        return true
    }

    /// Lifts the tombstone of `key` that an edit by `author`, who may restore it, came after
    /// (`TombstoneHolds`): `deleted = false` just above the tombstone, so the row stays live.
    mutating func liftTombstone(_ key: RowKey, by author: UserID) {
        guard var row = row(key), let tombstone = row.stamps[.deleted] else { return }
        row.values[.deleted] = .bool(false)
        row.stamps[.deleted] = FieldStamp(clock: tombstone.clock.successor(on: Self.serverDevice), author: author,
                                          logPosition: Self.pendingLogPosition)
        store(row, at: key)
    }

    /// Writes fields on behalf of a command: fields only the server owns are written past
    /// their policy (`serverWrite`); the others merge under their policy with a server clock.
    /// - Parameter keepingOverridden: record a value the command overrides in the conflict
    ///   log (a `lost` that `mark_won` beats); false when the command saw and built on the
    ///   current value (a merge filling a field), so there is nothing to keep.
    mutating func commandWrite(_ key: RowKey, _ values: [String: FieldValue], author: UserID, keepingOverridden: Bool = true) {
        guard let entity = schema.entity(key.entity) else { return }
        var owned: [String: FieldValue] = [:]
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let field = entity.field(FieldName(name)) else { continue }
            if field.policy.name == MergePolicy.serverOwned.name || field.policy.name == MergePolicy.immutable.name {
                owned[name] = value
                continue
            }
            let current = row(key)?.stamps[field.name]
            // Nobody's write is lost when the command's author wrote the value it overrides.
            let sawCurrent = !keepingOverridden || current?.author == author
            _ = merge(FieldChange(entity: key.entity, rowID: key.id, field: field.name,
                                  version: FieldVersion(value: value, clock: serverClock(writing: field.name, value, of: row(key)), author: author),
                                  base: sawCurrent ? current?.clock : nil),
                      policy: field.policy)
        }
        serverWrite(key, owned, author: author)
    }

    /// Appends a new row the server writes (an ownership event, an audit entry, a link).
    @discardableResult
    mutating func append(_ entity: EntityName, _ values: [String: FieldValue], author: UserID = PlanWorkspace.system) -> RowID {
        let id = newID()
        var values = values
        values["created_by"] = values["created_by"] ?? .text(author.rawValue)
        if entity == .auditLog { values["client_ip"] = values["client_ip"] ?? .text(clientAddressText) }
        // A fresh id names no stored row: nothing to load.
        serverWrite(RowKey(entity: entity, id: id), values, author: author, device: Self.serverDevice, onto: RowState())
        return id
    }

    /// Writes `value` to the field `name` past its policy with a fresh server clock above every
    /// clock of the row, even when the field holds that value already: a reopen's epoch must be
    /// newer than every version of the row written before it, and its `open` (and emptied lost
    /// reason) newer than the epoch, so a write made before the reopen is told apart
    /// (`StaleOutcome`), however far ahead of the server its laptop's clock ran.
    mutating func serverRestamp(_ key: RowKey, _ name: FieldName, _ value: FieldValue, author: UserID) {
        guard var row = row(key), schema.entity(key.entity)?.field(name) != nil else { return }
        row.values[name] = value
        row.stamps[name] = FieldStamp(clock: serverClock(after: row.stamps.byField.values.map(\.clock).max()), author: author,
                                      logPosition: Self.pendingLogPosition)
        store(row, at: key)
    }

    /// Goes back to `saved` (a command refused after writing), keeping what this round has
    /// learnt it lacks: the store must still load it.
    mutating func rollBack(to saved: PlanWorkspace) {
        let needs = self.needs
        self = saved
        self.needs.rows.formUnion(needs.rows)
        self.needs.lookups.formUnion(needs.lookups)
    }

    /// Rows this plan changed.
    var changedRows: [RowKey: RowState] { working }

    // MARK: - Private

    /// Keeps `row` as this plan's version of `key`, and its indexed values findable.
    private mutating func store(_ row: RowState, at key: RowKey) {
        let old = working[key]
        for field in indexedFieldNames(of: key.entity) {
            let before = old?.values[field], after = row.values[field]
            guard before != after else { continue }
            if let before { workingLookups[RowLookup(entity: key.entity, field: field, value: before)]?.remove(key.id) }
            if let after { workingLookups[RowLookup(entity: key.entity, field: field, value: after), default: []].insert(key.id) }
        }
        working[key] = row
    }

    private mutating func indexedFieldNames(of entity: EntityName) -> [FieldName] {
        if let names = indexedFields[entity] { return names }
        let names = schema.entity(entity)?.indexedFields.map(\.name) ?? []
        indexedFields[entity] = names
        return names
    }

    /// The clock of a server write of `value` to `field` of `row`: above the field's current
    /// clock; for a tombstone that deletes, above every field's, so it deletes the row as it
    /// stands. A field a device wrote with a clock ahead of the server's (within the skew
    /// budget) would otherwise be newer than the tombstone and keep the row live (a merged
    /// duplicate, C11, left live beside its head).
    private mutating func serverClock(writing field: FieldName, _ value: FieldValue, of row: RowState?,
                                      on device: DeviceID = PlanWorkspace.serverDevice) -> HLCTimestamp {
        if field == .deleted, value == .bool(true), let newest = row?.stamps.byField.values.map(\.clock).max() {
            return serverClock(after: newest, on: device)
        }
        return serverClock(after: row?.stamps[field]?.clock, on: device)
    }

    /// A server clock above `current` and above every clock this plan issued before, so a
    /// later server write in one plan (a tombstone after a re-pointing) is always the newer.
    private mutating func serverClock(after current: HLCTimestamp?, on device: DeviceID = PlanWorkspace.serverDevice) -> HLCTimestamp {
        var clock = HLCTimestamp(wallMilliseconds: serverNow, counter: 0, deviceID: device)
        for earlier in [current, lastServerClock].compactMap({ $0 }) where earlier >= clock {
            clock = earlier.successor(on: device)
        }
        lastServerClock = clock
        return clock
    }
}

extension Identifier where Kind == FieldKind {
    /// The envelope field naming the row a merged row now lives in (DOMAIN §1.0).
    static var mergedInto: FieldName { FieldName("merged_into_id") }
}
