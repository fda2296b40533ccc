import Foundation
import GRDB
import OutpostCore
import OutpostProtocol

extension SQLiteChangeStore {
    public func pull(after cursor: PullCursor?, limit: Int, as reader: UserID?) async throws -> PullPage {
        let requested = try CursorFormat(cursor)
        return try await database.read { db in
            let head = try self.headPosition(in: db)
            guard requested.position <= head, try !self.isInRestoreGap(requested.position, in: db) else {
                throw ServerError.cursorAhead(cursor: cursor?.rawValue ?? "")
            }
            let scope = try reader.flatMap { try self.readerScope(for: $0, in: db) }
            let (start, restarted) = requested.resumed(under: scope?.fingerprint, isFresh: cursor == nil)
            var page = if let scope {
                try self.scopedPage(after: start, limit: limit, reader: scope, in: db)
            } else {
                try self.unscopedPage(after: start, limit: limit, in: db)
            }
            if restarted { page.restarted = true }
            return page
        }
    }

    public func conflicts(lostBy user: UserID, after position: Int64, limit: Int) async throws -> ConflictList {
        let decoder = WireCoding.makeDecoder()
        return try await database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM conflict WHERE loser_author = ? AND position > ? ORDER BY position LIMIT ?
                """, arguments: [user.rawValue, position, limit])
            let entries = try rows.map { row in
                let record = ConflictRecord(
                    entity: EntityName(row["entity"] as String), rowID: RowID(row["row_id"] as String),
                    field: FieldName(row["field"] as String),
                    winner: try Self.version(row, prefix: "winner", decoder: decoder),
                    loser: try Self.version(row, prefix: "loser", decoder: decoder),
                    rule: row["rule"])
                return ConflictEntry(id: row["id"], position: row["position"], record: record, recordedAt: row["recorded_at"])
            }
            let next = entries.last?.position ?? position
            guard let scope = try self.readerScope(for: user, in: db) else { return ConflictList(conflicts: entries, next: next) }
            let keys = try db.cachedStatement(sql: "SELECT key FROM change_scope WHERE entity = ? AND row_id = ? AND gone = 0")
            let visible = try ConflictRedaction.redact(entries, for: scope) { row in
                Set(try String.fetchAll(keys, arguments: [row.entity.rawValue, row.id.rawValue]).map(ScopeKey.init(rawValue:)))
            }
            return ConflictList(conflicts: visible, next: next)
        }
    }

    // MARK: - Private

    /// Every row changed after the cursor, in log order.
    private func unscopedPage(after start: CursorFormat, limit: Int, in db: Database) throws -> PullPage {
        // One extra row tells whether another page follows.
        let statement = try db.cachedStatement(sql: """
            SELECT position, entity, row_id FROM change_log WHERE position > ? ORDER BY position LIMIT ?
            """)
        let entries = try Row.fetchAll(statement, arguments: [start.position, limit + 1]).map { row in
            (position: row[0] as Int64, entity: EntityName(row[1] as String), id: RowID(row[2] as String))
        }
        let page = entries.prefix(limit)
        var states: [EntityName: [RowID: RowState]] = [:]
        for (entity, group) in Dictionary(grouping: page, by: \.entity) {
            guard let table = self.tables[entity] else { continue }
            states[entity] = try table.load(group.map(\.id), writtenAfter: start.since, in: db)
        }
        var rows: [PulledRow] = []
        rows.reserveCapacity(page.count)
        for entry in page {
            guard let state = states[entry.entity]?[entry.id] else { continue }
            rows.append(.delivering(state, entity: entry.entity, id: entry.id, since: start.since))
        }
        let next = page.last?.position ?? start.position
        let hasMore = entries.count > limit
        let nextCursor = hasMore ? CursorFormat(position: next, since: start.since).cursor : CursorFormat.complete(at: next)
        return PullPage(rows: rows, nextCursor: nextCursor, hasMore: hasMore)
    }

    /// The rows of the reader's keys changed after the cursor, read key by key from the scope
    /// index (a pull costs what the reader receives).
    private func scopedPage(after start: CursorFormat, limit: Int, reader: ReaderScope, in db: Database) throws -> PullPage {
        let statement = try db.cachedStatement(sql: """
            SELECT position, entity, row_id, entered_at, gone FROM change_scope
            WHERE key = ? AND position > ? ORDER BY position LIMIT ?
            """)
        var entriesByKey: [ScopeKey: [ScopeIndexEntry]] = [:]
        for key in reader.readKeys.sorted() {
            let rows = try Row.fetchAll(statement, arguments: [key.rawValue, start.position, limit + 1])
            entriesByKey[key] = rows.map { row in
                ScopeIndexEntry(key: key, position: row[0], entity: EntityName(row[1] as String), id: RowID(row[2] as String),
                                enteredAt: row[3], gone: row[4])
            }
        }
        var page = ScopedPage(entriesByKey: entriesByKey, limit: limit, since: start.since, reader: reader,
                              skipEvictions: start.position == 0)
        let liveKeys = try db.cachedStatement(sql: "SELECT key FROM change_scope WHERE entity = ? AND row_id = ? AND gone = 0")
        page.dropEvictions(ofRowsStillHeld: Set(try page.evictedRows.filter { row in
            try String.fetchAll(liveKeys, arguments: [row.entity.rawValue, row.id.rawValue]).contains { reader.readKeys.contains(ScopeKey(rawValue: $0)) }
        }))
        var states: [EntityName: [RowID: RowState]] = [:]
        for (entity, ids) in page.rowsToLoad {
            guard let table = self.tables[entity] else { continue }
            var loaded = try table.load(ids.whole, in: db)
            loaded.merge(try table.load(ids.changed, writtenAfter: start.since, in: db)) { whole, _ in whole }
            states[entity] = loaded
        }
        return PullPage(rows: page.rows(since: start.since, states: states), nextCursor: page.nextCursor(from: start), hasMore: page.hasMore)
    }

    /// Whether `position` was issued by a server whose history this restored store lacks.
    private func isInRestoreGap(_ position: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM restore_gap WHERE ? > after_position AND ? < before_position)",
                          arguments: [position, position]) ?? false
    }

    private static func version(_ row: Row, prefix: String, decoder: JSONDecoder) throws -> FieldVersion {
        let valueText: String = row["\(prefix)_value"]
        let clockText: String = row["\(prefix)_clock"]
        guard let clock = HLCTimestamp(clockText) else { throw ServerError.internalFailure }
        return FieldVersion(value: try decoder.decode(FieldValue.self, from: Data(valueText.utf8)),
                            clock: clock, author: UserID(row["\(prefix)_author"] as String))
    }
}
