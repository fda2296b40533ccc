import Foundation
import GRDB
import OutpostCore
import OutpostProtocol

extension Replica {
    /// The oldest unanswered entries, at most `limit`, in journal order. A batch never ends in
    /// the middle of one edit of a row (the entries of one row recorded together), so the
    /// server judges a new row with all its fields (R-1.1 row rules): when the limit falls
    /// inside an edit, the batch ends before that edit, which goes first in the next batch.
    /// Only an edit larger than `limit` on its own is sent whole, past the limit.
    /// The entries are on disk before they are returned (`makeCommittedWritesDurable`): what
    /// is pushed can never be taken back by a power cut.
    public func pendingEntries(limit: Int) throws -> [JournalEntry] {
        try makeCommittedWritesDurable()
        return try database.read { db in
            var entries = try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE state = 'pending' ORDER BY sequence LIMIT ?",
                                           arguments: [limit]).map(Self.journalEntry)
            if entries.count == limit, let last = entries.last, last.command == nil {
                let rest = try Row.fetchAll(db, sql: """
                    SELECT * FROM journal WHERE state = 'pending' AND sequence > ? AND entity = ? AND row_id = ?
                      AND recorded_at = ? AND command_id IS NULL
                      AND sequence < COALESCE((SELECT MIN(sequence) FROM journal WHERE sequence > ?
                                               AND (entity != ? OR row_id != ? OR recorded_at != ? OR command_id IS NOT NULL)), 9223372036854775807)
                    ORDER BY sequence
                    """, arguments: [last.sequence, last.change.entity.rawValue, last.change.rowID.rawValue, last.recordedAt,
                                     last.sequence, last.change.entity.rawValue, last.change.rowID.rawValue, last.recordedAt])
                    .map(Self.journalEntry)
                if !rest.isEmpty {
                    func belongsToLastEdit(_ entry: JournalEntry) -> Bool {
                        entry.command == nil && entry.change.entity == last.change.entity && entry.change.rowID == last.change.rowID
                            && entry.recordedAt == last.recordedAt
                    }
                    var start = entries.count
                    while start > 0, belongsToLastEdit(entries[start - 1]) { start -= 1 }
                    if start > 0 { entries.removeSubrange(start...) } else { entries += rest }
                }
            }
            return entries
        }
    }

    /// Entries in the given states, newest first (for example the rejected ones, with reasons).
    public func journalEntries(in states: JournalState..., limit: Int = 1000) throws -> [JournalEntry] {
        let placeholders = Array(repeating: "?", count: states.count).joined(separator: ",")
        return try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE state IN (\(placeholders)) ORDER BY sequence DESC LIMIT ?",
                             arguments: StatementArguments(states.map(\.rawValue) + [String(limit)])).map(Self.journalEntry)
        }
    }

    /// How many entries wait for the server.
    public func pendingCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal WHERE state = 'pending'") ?? 0 }
    }

    /// Records the server's answer to a push, in one transaction that is safe to repeat.
    ///
    /// Applied entries whose clock the server clamped take the stored clock; superseded and
    /// rejected entries leave the journal pending state (they stay listed with their reason)
    /// and the field shows the server's current version, unless a newer local edit of the
    /// same field is still waiting.
    public func record(_ response: PushResponse, answeredAt now: Int64 = WallClock.now()) throws {
        try database.write { db in
            let settings = try self.settings(in: db)
            // Only the answered range: the journal may hold far more pending entries than one push.
            let sequences = response.results.map(\.sequence)
            let entries = try Dictionary(
                Row.fetchAll(db, sql: "SELECT * FROM journal WHERE state = 'pending' AND sequence BETWEEN ? AND ?",
                             arguments: [sequences.min() ?? 0, sequences.max() ?? -1])
                    .map(Self.journalEntry).map { ($0.sequence, $0) },
                uniquingKeysWith: { first, _ in first })
            let answer = try db.cachedStatement(sql: """
                UPDATE journal SET state = ?, code = ?, message = ?, conflict_id = ?, stored_clock = ?, answered_at = ?, aliases = ?
                WHERE sequence = ?
                """)
            for result in response.results {
                guard let entry = entries[result.sequence] else { continue }
                let state: JournalState = switch result.status {
                case .applied: .applied
                case .superseded: .superseded
                case .rejected: .rejected
                }
                let aliases = try result.aliases.map { String(decoding: try WireCoding.makeEncoder().encode($0), as: UTF8.self) }
                try answer.execute(arguments: [state.rawValue, result.code?.rawValue, result.message, result.conflictID,
                                               result.storedClock?.description, now, aliases, result.sequence])
                if let stored = result.storedClock {
                    try self.receive(stored, in: db, deviceID: settings.deviceID)
                }
                // A command changes nothing locally: the server's effects arrive with the next pull.
                if entry.command == nil {
                    try self.reconcile(entry, with: result, in: db)
                }
            }
            try self.purgeEvictedRowsNowAnswered(in: db)
            try Self.setValue(response.logPosition.rawValue, for: .lastPushPosition, in: db)
        }
    }

    // MARK: - Private

    /// Makes the field show what the server holds after answering `entry`.
    private func reconcile(_ entry: JournalEntry, with result: PushResult, in db: Database) throws {
        // Applied as sent: the field already shows it (and most answers are this one).
        if result.status == .applied, result.storedClock == nil, result.aliases == nil { return }
        let change = entry.change
        guard let table = tables[change.entity], let loaded = try table.load(change.rowID, in: db),
              let stamp = loaded.stamps[change.field], stamp.clock == change.clock else {
            return  // a newer local edit of the field owns it now
        }
        var row = loaded
        switch result.status {
        case .applied where result.aliases == nil:
            guard let stored = result.storedClock else { return }
            row.stamps[change.field]?.clock = stored
        case .applied, .superseded, .rejected:
            // Also an applied write the server redirected to another row (`aliases`: this row
            // was merged into it): here the field shows the server's version again.
            if let current = result.currentVersion?.version {
                row.adopt(current, for: change.field)
            } else {
                row.values[change.field] = nil
                row.stamps[change.field] = nil
            }
        }
        if row.stamps.byField.isEmpty {
            try table.purge(change.rowID, in: db)
        } else {
            try table.save(change.rowID, row, replacing: loaded, in: db)
        }
    }

    static func journalEntry(_ row: Row) throws -> JournalEntry {
        let valueText: String = row["value"]
        let clockText: String = row["clock"]
        guard let clock = HLCTimestamp(clockText) else { throw ReplicaError.corruptJournal(sequence: row["sequence"]) }
        let change = PushChange(
            sequence: row["sequence"], entity: EntityName(row["entity"] as String), rowID: RowID(row["row_id"] as String),
            field: FieldName(row["field"] as String),
            value: try WireCoding.makeDecoder().decode(FieldValue.self, from: Data(valueText.utf8)),
            clock: clock, base: (row["base"] as String?).flatMap { HLCTimestamp($0) })
        let command: PushCommand? = (row["command_id"] as String?).map { commandID in
            PushCommand(sequence: change.sequence, id: RowID(commandID), name: CommandName(change.field.rawValue),
                        entity: change.entity, rowID: change.rowID, arguments: change.value.objectValue ?? [:], clock: change.clock)
        }
        return JournalEntry(
            sequence: row["sequence"], change: change, command: command,
            state: JournalState(rawValue: row["state"]) ?? .pending,
            code: (row["code"] as String?).map { ErrorCode(rawValue: $0) }, message: row["message"],
            conflictID: row["conflict_id"],
            storedClock: (row["stored_clock"] as String?).flatMap { HLCTimestamp($0) },
            recordedAt: row["recorded_at"],
            aliases: try (row["aliases"] as String?).map { try WireCoding.makeDecoder().decode([String: String].self, from: Data($0.utf8)) })
    }
}
