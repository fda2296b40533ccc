import Foundation
import GRDB
import OutpostCore
import OutpostProtocol

extension SQLiteChangeStore {
    public func pull(after cursor: PullCursor?, limit: Int) async throws -> PullPage {
        let start = try CursorFormat(cursor)
        let after = start.position
        return try await database.read { db in
            let head = try self.headPosition(in: db)
            guard after <= head, try !self.isInRestoreGap(after, in: db) else {
                throw ServerError.cursorAhead(cursor: cursor?.rawValue ?? "")
            }
            // One extra row tells whether another page follows.
            let entries = try Row.fetchAll(db, sql: """
                SELECT position, entity, row_id FROM change_log WHERE position > ? ORDER BY position LIMIT ?
                """, arguments: [after, limit + 1])
            let page = entries.prefix(limit)
            var states: [EntityName: [RowID: RowState]] = [:]
            for (entity, group) in Dictionary(grouping: page, by: { EntityName($0["entity"] as String) }) {
                guard let table = self.tables[entity] else { continue }
                states[entity] = try table.load(group.map { RowID($0["row_id"] as String) }, in: db)
            }
            var rows: [PulledRow] = []
            rows.reserveCapacity(page.count)
            for entry in page {
                let entity = EntityName(entry["entity"] as String)
                let id = RowID(entry["row_id"] as String)
                guard let state = states[entity]?[id] else { continue }
                var fields: [String: WireFieldVersion] = [:]
                for (field, stamp) in state.stamps.byField where stamp.logPosition > start.since {
                    fields[field.rawValue] = WireFieldVersion(FieldVersion(
                        value: state.values[field] ?? .null, clock: stamp.clock, author: stamp.author))
                }
                rows.append(PulledRow(entity: entity, id: id, fields: fields))
            }
            let next = page.last.map { $0["position"] as Int64 } ?? after
            let hasMore = entries.count > limit
            let nextCursor = hasMore ? CursorFormat(position: next, since: start.since).cursor : CursorFormat.complete(at: next)
            return PullPage(rows: rows, nextCursor: nextCursor, hasMore: hasMore)
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
            return ConflictList(conflicts: entries, next: entries.last?.position ?? position)
        }
    }

    // MARK: - Private

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
