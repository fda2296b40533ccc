import Foundation
import OutpostCore
import OutpostProtocol
import PostgresNIO

extension PostgresChangeStore {
    /// Reads a page in one read-only snapshot: the log entries and the rows they name come
    /// from the same moment. Positions become visible in order (see `+Push`), so no change
    /// below the page's last position can still appear later.
    public func pull(after cursor: PullCursor?, limit: Int) async throws -> PullPage {
        let start = try CursorFormat(cursor)
        let after = start.position
        return try await PostgresTransaction.run(on: client, isolation: .repeatableReadOnly, logger: logger) { connection in
            let head = try await headPosition(on: connection)
            guard after <= head, try await !isInRestoreGap(after, on: connection) else {
                throw ServerError.cursorAhead(cursor: cursor?.rawValue ?? "")
            }
            // One extra row tells whether another page follows.
            let entries = try await connection.query("""
                SELECT position, entity, row_id FROM change_log WHERE position > \(after) ORDER BY position LIMIT \(limit + 1)
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
                states[entity] = try await table.load(group.map(\.id), on: connection, logger: logger)
            }
            var rows: [PulledRow] = []
            rows.reserveCapacity(page.count)
            for entry in page {
                guard let state = states[entry.entity]?[entry.id] else { continue }
                var fields: [String: WireFieldVersion] = [:]
                for (field, stamp) in state.stamps.byField where stamp.logPosition > start.since {
                    fields[field.rawValue] = WireFieldVersion(FieldVersion(
                        value: state.values[field] ?? .null, clock: stamp.clock, author: stamp.author))
                }
                rows.append(PulledRow(entity: entry.entity, id: entry.id, fields: fields))
            }
            let next = page.last?.position ?? after
            // `since` stays put until the last page (see `CursorFormat`).
            let nextCursor = hasMore ? CursorFormat(position: next, since: start.since).cursor : CursorFormat.complete(at: next)
            return PullPage(rows: rows, nextCursor: nextCursor, hasMore: hasMore)
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
        return ConflictList(conflicts: entries, next: entries.last?.position ?? position)
    }

    // MARK: - Private

    /// Whether `position` was issued by a server whose history this restored store lacks.
    private func isInRestoreGap(_ position: Int64, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query("""
            SELECT EXISTS (SELECT 1 FROM restore_gap WHERE \(position) > after_position AND \(position) < before_position)
            """, logger: logger)
        for try await inGap in rows.decode(Bool.self) { return inGap }
        return false
    }
}
