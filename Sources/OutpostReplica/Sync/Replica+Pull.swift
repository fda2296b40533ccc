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
            for pulled in page.rows {
                // A newer server may send entities this build does not know; skip them, do not fail.
                guard let table = self.tables[pulled.entity] else { continue }
                var state = stored[pulled.entity]?[pulled.id] ?? RowState()
                let before = state
                for (name, wire) in pulled.fields {
                    let field = FieldName(name)
                    guard let fieldSchema = table.entity.field(field) else { continue }
                    let version = wire.version
                    latestSeen = max(latestSeen ?? version.clock, version.clock)
                    if !pending.isEmpty, pending.contains(PendingKey(entity: pulled.entity.rawValue, rowID: pulled.id.rawValue, field: name)) {
                        let change = FieldChange(entity: pulled.entity, rowID: pulled.id, field: field, version: version, base: nil)
                        _ = state.merge(change, policy: fieldSchema.policy)
                    } else {
                        state.adopt(version, for: field)
                    }
                }
                if state != before {
                    try table.save(pulled.id, state, in: db)
                    stored[pulled.entity]?[pulled.id] = state   // a row may come twice in one page
                    changed += 1
                }
            }
            if let latestSeen {
                try self.receive(latestSeen, in: db, deviceID: settings.deviceID)
            }
            try Self.setValue(page.nextCursor.rawValue, for: .cursor, in: db)
            return changed
        }
    }
}

private struct PendingKey: Hashable {
    var entity: String
    var rowID: String
    var field: String
}
