import GRDB
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostSQLite

extension Replica {
    /// The cursor of the last applied pull page (nil before the first pull).
    public func cursor() throws -> PullCursor? {
        try database.read { db in try Self.value(.cursor, in: db).map(PullCursor.init(rawValue:)) }
    }

    /// Applies one pull page and stores its cursor, in one transaction: a crash between two
    /// pages resumes from the last stored cursor, and nothing is applied twice.
    ///
    /// A field with no unanswered local edit takes the server's version verbatim (the
    /// replica converges on the server's view). A field with a pending local edit is merged
    /// with the shared rules, so an edit not yet pushed stays visible when its clock is newer.
    ///
    /// Scope (DESIGN "Scopes and permissions"): an evicted row is purged, unless it still has
    /// edits to push (then it goes as soon as the last of them is answered); a pull the server restarted because the user's scope changed
    /// ends by dropping every row it did not deliver, again keeping rows with pending edits.
    /// Rejected edits stay in the journal, visible with their reason, whatever happens to the row.
    /// - Returns: how many rows the page changed locally, and how many of them a restarted
    ///   pull dropped as it ended.
    @discardableResult
    public func apply(_ page: PullPage) throws -> PulledPageEffect {
        try database.write { db in
            let settings = try self.settings(in: db)
            var pending = Set<PendingKey>()
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT entity, row_id, field FROM journal WHERE state = 'pending'") {
                pending.insert(PendingKey(entity: row["entity"], rowID: row["row_id"], field: row["field"]))
            }
            // The rows with an edit to push follow from their fields: no second journal query.
            let withPendingEdits = Set(pending.map { RowAddress(entity: $0.entity, rowID: $0.rowID) })
            // A row that only takes the server's versions (no edit to push, not replaced, once
            // in the page) is read by its stamps alone; the others whole. One query per entity
            // and kind for the whole page, not one per row.
            let stampedOnly = Self.rowsTakingServerVersionsOnly(page, withPendingEdits: withPendingEdits)
            var stored: [EntityName: [RowID: RowState]] = [:]
            var stamped: [EntityName: [RowID: StoredStamps]] = [:]
            // The light rows the replica does not hold yet: written straight from the page.
            var newRows: [EntityName: Set<RowID>] = [:]
            for (entity, rows) in Dictionary(grouping: page.rows, by: \.entity) {
                guard let table = self.tables[entity] else { continue }
                let light = rows.filter { stampedOnly.contains(RowAddress(entity: entity.rawValue, rowID: $0.id.rawValue)) }.map(\.id)
                let found = try table.loadStamps(light, in: db)
                stamped[entity] = found
                newRows[entity] = Set(light.filter { found[$0] == nil })
                if light.count < rows.count {
                    stored[entity] = try table.load(rows.map(\.id).filter { stamped[entity]?[$0] == nil }, in: db)
                }
            }
            var latestSeen: HLCTimestamp?
            var changed = 0, evicted = 0
            if page.restarted == true {
                try db.execute(sql: "DELETE FROM scope_seen")
                try Self.setValue("1", for: .rescoping, in: db)
            }
            let rescoping = try Self.value(.rescoping, in: db) == "1"
            let markSeen = try db.cachedStatement(sql: "INSERT OR IGNORE INTO scope_seen (entity, row_id) VALUES (?, ?)")
            var pairs = StampPairCache()
            var liveRowWriters: [EntityName: Statement] = [:]
            for pulled in page.rows {
                // A newer server may send entities this build does not know; skip them, do not fail.
                guard let table = self.tables[pulled.entity] else { continue }
                if pulled.isEviction {
                    try self.hideWinningValues(of: pulled.entity, row: pulled.id, in: db)
                    guard stored[pulled.entity]?[pulled.id] != nil else { continue }
                    evicted += 1
                    if withPendingEdits.contains(RowAddress(entity: pulled.entity.rawValue, rowID: pulled.id.rawValue)) {
                        try db.execute(sql: "INSERT OR IGNORE INTO evicted_pending (entity, row_id) VALUES (?, ?)",
                                       arguments: [pulled.entity.rawValue, pulled.id.rawValue])
                    } else {
                        try table.purge(pulled.id, in: db)
                        stored[pulled.entity]?[pulled.id] = nil
                        changed += 1
                    }
                    continue
                }
                if rescoping { try markSeen.execute(arguments: [pulled.entity.rawValue, pulled.id.rawValue]) }
                if pulled.entity == OutpostSchema.FollowUp.schema.name, pulled.fields["redacted"]?.version.value == .bool(true) {
                    try self.scrubRedactedJournal(of: pulled.id, in: db)
                }
                if let current = stamped[pulled.entity]?[pulled.id] {
                    if try self.takeServerVersions(of: pulled, over: current, in: table, pairs: &pairs, latestSeen: &latestSeen, in: db) {
                        changed += 1
                    }
                    continue
                }
                // A light row new to the replica, not a tombstone that says deleted (the general
                // path judges that against the other fields' clocks): written straight from the page.
                if newRows[pulled.entity]?.contains(pulled.id) == true, pulled.fields[FieldName.deleted.rawValue]?.version.value.boolValue != true {
                    let writer = try liveRowWriters[pulled.entity] ?? table.liveRowWriter(in: db)
                    liveRowWriters[pulled.entity] = writer
                    var row = try table.liveRow(pulled.id, fieldCount: pulled.fields.count, with: writer)
                    for (name, wire) in pulled.fields {
                        try row.set(FieldName(name), to: wire.version)
                    }
                    if try row.write(), let latest = row.latestClock {
                        latestSeen = max(latestSeen ?? latest, latest)
                        changed += 1
                        continue
                    }
                }
                let before = stored[pulled.entity]?[pulled.id]
                var state = before ?? RowState(reservingCapacity: pulled.fields.count)
                // Tracked as the fields are taken, rather than by comparing whole rows after.
                var rowChanged = false
                if pulled.replaces == true {
                    try self.hideWinningValues(of: pulled.entity, row: pulled.id, fields: Set(table.entity.fields.map(\.name.rawValue))
                        .subtracting(pulled.fields.keys), in: db)
                    // Only these fields may stay (a pool row hides the others), but not an edit still to push.
                    for field in Array(state.stamps.byField.keys) where pulled.fields[field.rawValue] == nil
                        && !pending.contains(PendingKey(entity: pulled.entity.rawValue, rowID: pulled.id.rawValue, field: field.rawValue)) {
                        state.forget(field)
                        rowChanged = true
                    }
                }
                for (name, wire) in pulled.fields {
                    let field = FieldName(name)
                    guard let fieldSchema = table.entity.field(field) else { continue }
                    let version = wire.version
                    latestSeen = max(latestSeen ?? version.clock, version.clock)
                    if !pending.isEmpty, pending.contains(PendingKey(entity: pulled.entity.rawValue, rowID: pulled.id.rawValue, field: name)) {
                        let change = FieldChange(entity: pulled.entity, rowID: pulled.id, field: field, version: version, base: nil)
                        switch state.merge(change, policy: fieldSchema.policy).decision {
                        case .takeIncoming, .join: rowChanged = true
                        case .keepCurrent, .alreadyApplied, .reject: break
                        }
                    } else if state.adopt(version, for: field) {
                        rowChanged = true
                    }
                }
                if rowChanged {
                    try table.save(pulled.id, state, replacing: before, in: db)
                    stored[pulled.entity]?[pulled.id] = state   // a row may come twice in one page
                    changed += 1
                }
            }
            if let latestSeen {
                try self.receive(latestSeen, in: db, deviceID: settings.deviceID)
            }
            var dropped = 0
            if rescoping, !page.hasMore {
                dropped = try self.dropRowsNotSeen(keeping: withPendingEdits, in: db)
            }
            try Self.setValue(page.nextCursor.rawValue, for: .cursor, in: db)
            return PulledPageEffect(changedRows: changed + dropped, evictedRows: evicted, droppedRows: dropped)
        }
    }
}

extension Replica {
    /// The rows of `page` that take the server's versions and nothing else: not evicted, not
    /// replaced, without an edit to push, and in the page once.
    private static func rowsTakingServerVersionsOnly(_ page: PullPage, withPendingEdits: Set<RowAddress>) -> Set<RowAddress> {
        var once = Set<RowAddress>()
        var excluded = Set<RowAddress>()
        for pulled in page.rows {
            let address = RowAddress(entity: pulled.entity.rawValue, rowID: pulled.id.rawValue)
            if !once.insert(address).inserted || pulled.isEviction || pulled.replaces == true { excluded.insert(address) }
        }
        return once.subtracting(excluded).subtracting(withPendingEdits)
    }

    /// Takes the server's version of every field `pulled` carries whose stamp differs from
    /// the stored one, writing only those columns (and the liveness when it changes).
    /// - Parameter pairs: the (device, author) pairs of this page packed so far.
    /// - Returns: whether the row changed.
    private func takeServerVersions(of pulled: PulledRow, over current: StoredStamps, in table: EntityTable,
                                    pairs: inout StampPairCache, latestSeen: inout HLCTimestamp?, in db: Database) throws -> Bool {
        var versions: [(field: FieldName, number: UInt64?, version: FieldVersion)] = []
        versions.reserveCapacity(pulled.fields.count)
        for (name, wire) in pulled.fields {
            let field = FieldName(name)
            guard table.entity.field(field) != nil else { continue }
            let version = wire.version
            latestSeen = max(latestSeen ?? version.clock, version.clock)
            versions.append((field, table.numbering.number(of: field), version))
        }
        var written: [(name: FieldName, value: FieldValue)] = []
        let packed: [UInt8]
        let isDeleted: Bool
        // A live row that stays live (no tombstone in the page) with numbered fields only, the
        // usual case: its stamps are set in the pack as stored, never unpacked.
        if !current.tombstone, versions.allSatisfy({ $0.number != nil && $0.field != .deleted }),
           var editor = try StampPackEditor(current.packed) {
            for (field, number, version) in versions {
                let stamp = FieldStamp(clock: version.clock, author: version.author)
                let pair = pairs.pair(device: version.clock.deviceID, author: version.author)
                // One write, one stamp: an equal stamp means the stored value is this one.
                if let number, editor.set(stamp, pair: pair, forFieldNumbered: number) { written.append((field, version.value)) }
            }
            guard !written.isEmpty else { return false }
            packed = editor.packed()
            isDeleted = false
        } else {
            var stamps = try FieldStamps(decoding: current.packed, numbering: table.numbering)
            var tombstone = current.tombstone
            for (field, _, version) in versions {
                let stamp = FieldStamp(clock: version.clock, author: version.author)
                guard stamps.byField.updateValue(stamp, forKey: field) != stamp else { continue }
                written.append((field, version.value))
                if field == .deleted { tombstone = version.value.boolValue ?? false }
            }
            guard !written.isEmpty else { return false }
            packed = stamps.encoded(numbering: table.numbering)
            isDeleted = stamps.isDeleted(tombstoneValue: tombstone)
        }
        guard try table.update(rowNumber: current.rowNumber, fields: written, packedStamps: packed, isDeleted: isDeleted != current.isDeleted ? isDeleted : nil,
                               in: db) else {
            // Read in this transaction and in the page once: it cannot have gone.
            throw DatabaseError(resultCode: .SQLITE_NOTFOUND, message: "\(table.tableName) \(pulled.id.rawValue) vanished while a pull page was applied")
        }
        return true
    }

    /// Purges the rows evicted while they had edits to push, once none is left unanswered.
    func purgeEvictedRowsNowAnswered(in db: Database) throws {
        for row in try Row.fetchAll(db, sql: """
            SELECT entity, row_id FROM evicted_pending e
            WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.state = 'pending' AND j.entity = e.entity AND j.row_id = e.row_id)
            """) {
            let entity = EntityName(row["entity"] as String)
            try tables[entity]?.purge(RowID(row["row_id"] as String), in: db)
            try db.execute(sql: "DELETE FROM evicted_pending WHERE entity = ? AND row_id = ?", arguments: [entity.rawValue, row["row_id"] as String])
        }
    }

    /// Ends a restarted pull: drops the rows it did not deliver (they left the user's scope),
    /// except those with edits still to push.
    /// - Returns: how many rows were dropped.
    private func dropRowsNotSeen(keeping withPendingEdits: Set<RowAddress>, in db: Database) throws -> Int {
        var dropped = 0
        for (entity, table) in tables.sorted(by: { $0.key < $1.key }) {
            let ids = try String.fetchAll(db, sql: """
                SELECT id FROM "\(table.tableName)" WHERE id NOT IN (SELECT row_id FROM scope_seen WHERE entity = ?)
                """, arguments: [entity.rawValue])
            for id in ids where !withPendingEdits.contains(RowAddress(entity: entity.rawValue, rowID: id)) {
                try table.purge(RowID(id), in: db)
                dropped += 1
            }
        }
        try hideWinningValuesOfRowsNotSeen(in: db)
        try db.execute(sql: "DELETE FROM scope_seen")
        try db.execute(sql: "DELETE FROM sync_state WHERE key = ?", arguments: [SyncStateKey.rescoping.rawValue])
        return dropped
    }
}

/// What applying one pull page did to the replica.
public struct PulledPageEffect: Sendable, Equatable {
    /// Rows the page changed locally, the dropped ones included.
    public var changedRows: Int
    /// Rows this laptop held that the page evicted (an eviction of a row it never held
    /// changes nothing, as in a first pull).
    public var evictedRows: Int
    /// Rows a restarted pull dropped as it ended, because it no longer delivered them: they
    /// left the user's scope while the laptop was away (a move to another unit, a role taken
    /// away) without an eviction for each.
    public var droppedRows: Int
}

/// A row, by entity and id.
private struct RowAddress: Hashable {
    var entity: String
    var rowID: String
}

/// The (device, author) pairs of one pull page, each packed once: a page's stamps come from
/// a handful of devices.
private struct StampPairCache {
    private var known: [(device: DeviceID, author: UserID, pair: StampPair)] = []

    /// The packed pair of `device` and `author`.
    mutating func pair(device: DeviceID, author: UserID) -> StampPair {
        if let found = known.first(where: { $0.device == device && $0.author == author }) { return found.pair }
        let pair = StampPair(device: device, author: author)
        known.append((device, author, pair))
        return pair
    }
}

private struct PendingKey: Hashable {
    var entity: String
    var rowID: String
    var field: String
}
