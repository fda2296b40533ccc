import GRDB
import OutpostCore
import OutpostProtocol

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
    /// - Returns: how many rows the page changed locally.
    @discardableResult
    public func apply(_ page: PullPage) throws -> Int {
        try database.write { db in
            let settings = try self.settings(in: db)
            var pending = Set<PendingKey>()
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT entity, row_id, field FROM journal WHERE state = 'pending'") {
                pending.insert(PendingKey(entity: row["entity"], rowID: row["row_id"], field: row["field"]))
            }
            // One query per entity for the whole page, not one per row.
            var stored: [EntityName: [RowID: RowState]] = [:]
            for (entity, rows) in Dictionary(grouping: page.rows, by: \.entity) {
                guard let table = self.tables[entity] else { continue }
                stored[entity] = try table.load(rows.map(\.id), in: db)
            }
            var latestSeen: HLCTimestamp?
            var changed = 0
            if page.restarted == true {
                try db.execute(sql: "DELETE FROM scope_seen")
                try Self.setValue("1", for: .rescoping, in: db)
            }
            let rescoping = try Self.value(.rescoping, in: db) == "1"
            let withPendingEdits = try Set(Row.fetchAll(db, sql: "SELECT DISTINCT entity, row_id FROM journal WHERE state = 'pending'").map {
                RowAddress(entity: $0["entity"], rowID: $0["row_id"])
            })
            let markSeen = try db.cachedStatement(sql: "INSERT OR IGNORE INTO scope_seen (entity, row_id) VALUES (?, ?)")
            for pulled in page.rows {
                // A newer server may send entities this build does not know; skip them, do not fail.
                guard let table = self.tables[pulled.entity] else { continue }
                if pulled.isEviction {
                    guard stored[pulled.entity]?[pulled.id] != nil else { continue }
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
                let before = stored[pulled.entity]?[pulled.id]
                var state = before ?? RowState(reservingCapacity: pulled.fields.count)
                // Tracked as the fields are taken, rather than by comparing whole rows after.
                var rowChanged = false
                if pulled.replaces == true {
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
            if rescoping, !page.hasMore {
                changed += try self.dropRowsNotSeen(keeping: withPendingEdits, in: db)
            }
            try Self.setValue(page.nextCursor.rawValue, for: .cursor, in: db)
            return changed
        }
    }
}

extension Replica {
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
        try db.execute(sql: "DELETE FROM scope_seen")
        try db.execute(sql: "DELETE FROM sync_state WHERE key = ?", arguments: [SyncStateKey.rescoping.rawValue])
        return dropped
    }
}

/// A row, by entity and id.
private struct RowAddress: Hashable {
    var entity: String
    var rowID: String
}

private struct PendingKey: Hashable {
    var entity: String
    var rowID: String
    var field: String
}
