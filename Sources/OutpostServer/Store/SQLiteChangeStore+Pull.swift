import Foundation
import GRDB
import OutpostCore
import OutpostProtocol
import OutpostSQLite

extension SQLiteChangeStore {
    public func pull(after cursor: PullCursor?, limit: Int, as reader: UserID?) async throws -> PullPage {
        try await database.read { db in
            let selection = try self.selectPage(after: cursor, limit: limit, as: reader, in: db)
            return try self.page(of: selection, in: db)
        }
    }

    /// The page written straight from the stored rows (`PullPageWriter`), without building its
    /// rows: a page's row states and field dictionaries were most of the server's work on a
    /// bootstrap (BENCHMARKS, S1). A page the writer cannot write goes through `pull`'s path.
    public func encodedPull(after cursor: PullCursor?, limit: Int, as reader: UserID?,
                            layout: PullPageWriter.Layout) async throws -> EncodedPullPage {
        try await database.read { db in
            let selection = try self.selectPage(after: cursor, limit: limit, as: reader, in: db)
            let end = NextPageHeaders(nextCursor: selection.nextCursor, hasMore: selection.hasMore)
            if let body = try self.write(selection, layout: layout, in: db) {
                return EncodedPullPage(body: body, end: end)
            }
            return try EncodedPullPage(try self.page(of: selection, in: db), layout: layout)
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

    /// Which rows the page after `cursor` delivers to `reader`.
    /// - Throws: `ServerError.invalidCursor` or `.cursorAhead`.
    private func selectPage(after cursor: PullCursor?, limit: Int, as reader: UserID?, in db: Database) throws -> PageSelection {
        let requested = try CursorFormat(cursor)
        let head = try headPosition(in: db)
        guard requested.position <= head, try !isInRestoreGap(requested.position, in: db) else {
            throw ServerError.cursorAhead(cursor: cursor?.rawValue ?? "")
        }
        let scope = try reader.flatMap { try readerScope(for: $0, in: db) }
        let (start, restarted) = requested.resumed(under: scope?.fingerprint, isFresh: cursor == nil)
        var selection = if let scope {
            try scopedSelection(after: start, limit: limit, reader: scope, in: db)
        } else {
            try unscopedSelection(after: start, limit: limit, in: db)
        }
        if restarted { selection.restarted = true }
        return selection
    }

    /// Every row changed after the cursor, in log order.
    private func unscopedSelection(after start: CursorFormat, limit: Int, in db: Database) throws -> PageSelection {
        // One extra row tells whether another page follows.
        let statement = try db.cachedStatement(sql: """
            SELECT position, entity, row_id FROM change_log WHERE position > ? ORDER BY position LIMIT ?
            """)
        var items = try Row.fetchAll(statement, arguments: [start.position, limit + 1]).map { row in
            ScopedPage.Item(position: row[0], entity: EntityName(row[1] as String), id: RowID(row[2] as String),
                            evicted: false, whole: false, hidden: [])
        }
        let hasMore = items.count > limit
        if hasMore { items.removeLast() }
        let next = items.last?.position ?? start.position
        let nextCursor = hasMore ? CursorFormat(position: next, since: start.since).cursor : CursorFormat.complete(at: next)
        return PageSelection(items: items, since: start.since, nextCursor: nextCursor, hasMore: hasMore)
    }

    /// The rows of the reader's keys changed after the cursor, read key by key from the scope
    /// index (a pull costs what the reader receives).
    private func scopedSelection(after start: CursorFormat, limit: Int, reader: ReaderScope, in db: Database) throws -> PageSelection {
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
        return PageSelection(page, from: start)
    }

    /// The selected rows, loaded into a page.
    private func page(of selection: PageSelection, in db: Database) throws -> PullPage {
        var states: [EntityName: [RowID: RowState]] = [:]
        for (entity, ids) in selection.rowsToLoad {
            guard let table = tables[entity] else { continue }
            var loaded = try table.load(ids.whole, in: db)
            loaded.merge(try table.load(ids.changed, writtenAfter: selection.since, in: db)) { whole, _ in whole }
            states[entity] = loaded
        }
        return selection.page(states: states)
    }

    /// The selected rows written in `layout` as they are read, in the bytes `page(of:)`'s
    /// page encodes to; nil when something in them needs `JSONEncoder`.
    private func write(_ selection: PageSelection, layout: PullPageWriter.Layout, in db: Database) throws -> [UInt8]? {
        var writer = PullPageWriter(layout: layout, hasMore: selection.hasMore, nextCursor: selection.nextCursor,
                                    restarted: selection.restarted, expectedRows: selection.items.count)
        var fields: [DeliveredField] = []
        var keyRanks: [EntityName: [Int]] = [:]
        var readers: [EntityName: Statement] = [:]
        for item in selection.items {
            if item.evicted {
                writer.beginRow(entity: item.entity, evicted: true)
                writer.endRow(id: item.id)
                continue
            }
            guard let table = tables[item.entity] else { continue }
            let reader = try readers[item.entity] ?? table.rowReader(in: db)
            readers[item.entity] = reader
            guard try table.deliveredFields(ofRow: item.id, writtenAfter: item.whole ? .min : selection.since, into: &fields, with: reader)
            else { continue }
            if !item.hidden.isEmpty { fields.removeAll { item.hidden.contains($0.name) } }
            // The encoder's key order: by the names' UTF-8 bytes, ranked once per entity.
            let ranks = keyRanks[item.entity] ?? Self.keyRanks(of: table.entity)
            keyRanks[item.entity] = ranks
            if fields.allSatisfy({ $0.index != nil }) {
                fields.sort { ranks[$0.index ?? 0] < ranks[$1.index ?? 0] }
            } else {
                fields.sort { Array($0.name.rawValue.utf8).lexicographicallyPrecedes(Array($1.name.rawValue.utf8)) }
            }
            writer.beginRow(entity: item.entity)
            for field in fields {
                writer.appendField(field.name.rawValue, FieldVersion(value: field.value, clock: field.stamp.clock, author: field.stamp.author))
            }
            writer.endRow(id: item.id, replaces: item.replaces ? true : nil)
        }
        return writer.finish()
    }

    /// Each field's rank among the entity's field names in UTF-8 byte order, by its place in
    /// the schema's `fields`.
    private static func keyRanks(of entity: EntitySchema) -> [Int] {
        let order = entity.fields.indices.sorted {
            Array(entity.fields[$0].name.rawValue.utf8).lexicographicallyPrecedes(Array(entity.fields[$1].name.rawValue.utf8))
        }
        var ranks = Array(repeating: 0, count: entity.fields.count)
        for (rank, index) in order.enumerated() { ranks[index] = rank }
        return ranks
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
