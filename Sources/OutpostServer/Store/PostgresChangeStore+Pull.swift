import Foundation
import OutpostCore
import OutpostProtocol
import PostgresNIO

extension PostgresChangeStore {
    /// Reads a page in one read-only snapshot: the log entries and the rows they name come
    /// from the same moment. The page ends at or below the settled head, learnt before the
    /// snapshot is taken (see `+Push`), so no change below the page's last position can still
    /// appear later.
    public func pull(after cursor: PullCursor?, limit: Int, as reader: UserID?) async throws -> PullPage {
        let requested = try CursorFormat(cursor)
        let settled = try await settledHead()
        return try await PostgresTransaction.run(on: client, isolation: .repeatableReadOnly, logger: logger) { connection in
            let head = try await headPosition(on: connection)
            guard requested.position <= head, try await !isInRestoreGap(requested.position, on: connection) else {
                throw ServerError.cursorAhead(cursor: cursor?.rawValue ?? "")
            }
            var scope: ReaderScope?
            if let reader { scope = try await readerScope(for: reader, on: connection) }
            let (start, restarted) = requested.resumed(under: scope?.fingerprint, isFresh: cursor == nil)
            var page = if let scope {
                try await scopedPage(after: start, through: settled, limit: limit, reader: scope, on: connection)
            } else {
                try await unscopedPage(after: start, through: settled, limit: limit, on: connection)
            }
            if restarted { page.restarted = true }
            return page
        }
    }

    public func conflicts(lostBy user: UserID, after position: Int64, limit: Int) async throws -> ConflictList {
        let rows = try await client.query("""
            SELECT position, id, entity, row_id, field, winner_value, winner_clock, winner_author,
              loser_value, loser_clock, loser_author, rule, recorded_at
            FROM conflict WHERE loser_author = \(user.rawValue) AND position > \(position) ORDER BY position LIMIT \(limit)
            """, logger: logger)
        let decoder = WireCoding.makeDecoder()
        func version(_ value: String, _ clock: String, _ author: String) throws -> FieldVersion {
            guard let clock = HLCTimestamp(clock) else { throw ServerError.internalFailure }
            return FieldVersion(value: try decoder.decode(FieldValue.self, from: Data(value.utf8)), clock: clock, author: UserID(author))
        }
        var entries: [ConflictEntry] = []
        for try await (position, id, entity, rowID, field, winnerValue, winnerClock, winnerAuthor,
                       loserValue, loserClock, loserAuthor, rule, recordedAt)
            in rows.decode((Int64, String, String, String, String, String, String, String,
                            String, String, String, String, Int64).self) {
            let record = ConflictRecord(
                entity: EntityName(entity), rowID: RowID(rowID), field: FieldName(field),
                winner: try version(winnerValue, winnerClock, winnerAuthor),
                loser: try version(loserValue, loserClock, loserAuthor),
                rule: rule)
            entries.append(ConflictEntry(id: id, position: position, record: record, recordedAt: recordedAt))
        }
        let next = entries.last?.position ?? position
        let visible: [ConflictEntry] = try await client.withConnection { connection in
            guard let scope = try await readerScope(for: user, on: connection) else { return entries }
            var keysByRow: [RowKey: Set<ScopeKey>] = [:]
            for row in Set(entries.map { RowKey(entity: $0.entity, id: $0.rowID) }) {
                let keys = try await connection.query("""
                    SELECT key FROM change_scope WHERE entity = \(row.entity.rawValue) AND row_id = \(row.id.rawValue) AND gone = false
                    """, logger: logger)
                for try await key in keys.decode(String.self) { keysByRow[row, default: []].insert(ScopeKey(rawValue: key)) }
            }
            return ConflictRedaction.redact(entries, for: scope) { keysByRow[$0] ?? [] }
        }
        return ConflictList(conflicts: visible, next: next)
    }

    // MARK: - Private

    /// Every row changed after the cursor and at or below `settled`, in log order.
    private func unscopedPage(after start: CursorFormat, through settled: Int64, limit: Int,
                              on connection: PostgresConnection) async throws -> PullPage {
        // One extra row tells whether another page follows.
        let entries = try await connection.query("""
            SELECT position, entity, row_id FROM change_log WHERE position > \(start.position) AND position <= \(settled)
            ORDER BY position LIMIT \(limit + 1)
            """, logger: logger)
        var page: [(position: Int64, entity: EntityName, id: RowID)] = []
        page.reserveCapacity(limit + 1)
        for try await (position, entity, id) in entries.decode((Int64, String, String).self) {
            page.append((position, EntityName(entity), RowID(id)))
        }
        let hasMore = page.count > limit
        if hasMore { page.removeLast() }
        var states: [EntityName: [RowID: RowState]] = [:]
        for (entity, group) in Dictionary(grouping: page, by: \.entity) {
            guard let table = tables[entity] else { continue }
            states[entity] = try await table.load(group.map(\.id), writtenAfter: start.since, on: connection, logger: logger)
        }
        var rows: [PulledRow] = []
        rows.reserveCapacity(page.count)
        for entry in page {
            guard let state = states[entry.entity]?[entry.id] else { continue }
            rows.append(.delivering(state, entity: entry.entity, id: entry.id, since: start.since))
        }
        let next = page.last?.position ?? start.position
        // `since` stays put until the last page (see `CursorFormat`).
        let nextCursor = hasMore ? CursorFormat(position: next, since: start.since).cursor : CursorFormat.complete(at: next)
        return PullPage(rows: rows, nextCursor: nextCursor, hasMore: hasMore)
    }

    /// The rows of the reader's keys changed after the cursor and at or below `settled`, read
    /// key by key from the scope index (a pull costs what the reader receives).
    private func scopedPage(after start: CursorFormat, through settled: Int64, limit: Int, reader: ReaderScope,
                            on connection: PostgresConnection) async throws -> PullPage {
        var entriesByKey: [ScopeKey: [ScopeIndexEntry]] = [:]
        for key in reader.readKeys.sorted() {
            let rows = try await connection.query("""
                SELECT position, entity, row_id, entered_at, gone FROM change_scope
                WHERE key = \(key.rawValue) AND position > \(start.position) AND position <= \(settled)
                ORDER BY position LIMIT \(limit + 1)
                """, logger: logger)
            var entries: [ScopeIndexEntry] = []
            for try await (position, entity, id, enteredAt, gone) in rows.decode((Int64, String, String, Int64, Bool).self) {
                entries.append(ScopeIndexEntry(key: key, position: position, entity: EntityName(entity), id: RowID(id),
                                               enteredAt: enteredAt, gone: gone))
            }
            entriesByKey[key] = entries
        }
        var page = ScopedPage(entriesByKey: entriesByKey, limit: limit, since: start.since, reader: reader,
                              skipEvictions: start.position == 0)
        var stillHeld: Set<RowKey> = []
        for row in page.evictedRows {
            let keys = try await connection.query("""
                SELECT key FROM change_scope WHERE entity = \(row.entity.rawValue) AND row_id = \(row.id.rawValue) AND gone = false
                """, logger: logger)
            for try await key in keys.decode(String.self) where reader.readKeys.contains(ScopeKey(rawValue: key)) { stillHeld.insert(row) }
        }
        page.dropEvictions(ofRowsStillHeld: stillHeld)
        let selection = PageSelection(page, from: start)
        var states: [EntityName: [RowID: RowState]] = [:]
        for (entity, ids) in selection.rowsToLoad {
            guard let table = tables[entity] else { continue }
            var loaded = try await table.load(ids.whole, on: connection, logger: logger)
            loaded.merge(try await table.load(ids.changed, writtenAfter: start.since, on: connection, logger: logger)) { whole, _ in whole }
            states[entity] = loaded
        }
        return selection.page(states: states)
    }

    /// Whether `position` was issued by a server whose history this restored store lacks.
    private func isInRestoreGap(_ position: Int64, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query("""
            SELECT EXISTS (SELECT 1 FROM restore_gap WHERE \(position) > after_position AND \(position) < before_position)
            """, logger: logger)
        for try await inGap in rows.decode(Bool.self) { return inGap }
        return false
    }
}
