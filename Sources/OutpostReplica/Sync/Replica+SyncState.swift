import Foundation
import GRDB
import OutpostCore
import OutpostProtocol

extension Replica {
    /// Records what the handshake measured: the offset between the server's clock and this
    /// laptop's, so later edits use server-aligned time. If earlier edits were stamped far in
    /// the future (the laptop's clock was wrong), the device clock restarts from server time;
    /// the server clamps those earlier stamps and the push answer brings them back.
    /// - Parameter storeID: the server database's identity, when the server sends one: the
    ///   first one met is kept; another one later means the replica was pointed at another
    ///   server.
    /// - Throws: `ReplicaError.otherServerDatabase`, having recorded nothing.
    public func recordHandshake(serverTime: Int64, clientTime: Int64, maximumSkew: Int64, storeID: String? = nil) throws {
        try database.write { db in
            let settings = try self.settings(in: db)
            if let storeID {
                // The first server database this replica meets is its own for good (spec §12.5).
                let known = try Self.value(.serverStoreID, in: db)
                if let known, known != storeID {
                    let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal WHERE state = 'pending'") ?? 0
                    throw ReplicaError.otherServerDatabase(serverURL: settings.serverURL.absoluteString, pendingEntries: pending)
                }
                if known == nil { try Self.setValue(storeID, for: .serverStoreID, in: db) }
            }
            let offset = serverTime - clientTime
            try Self.setValue(String(offset), for: .serverOffset, in: db)
            let clock = try self.clock(in: db, deviceID: settings.deviceID)
            if let latest = clock.latest, latest.wallMilliseconds > serverTime + maximumSkew {
                try self.restartClock(in: db)
            }
        }
    }

    /// Stores conflicts this user lost, so `outpost conflicts` works offline.
    public func store(_ list: ConflictList) throws {
        let encoder = WireCoding.makeEncoder()
        try database.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO lost_conflict (id, position, entity, row_id, field, my_value, my_clock,
                  winning_value, winning_clock, winning_author, rule, recorded_at, winner_hidden)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for entry in list.conflicts {
                try insert.execute(arguments: [
                    entry.id, entry.position, entry.entity.rawValue, entry.rowID.rawValue, entry.field.rawValue,
                    String(decoding: try encoder.encode(entry.loser.version.value), as: UTF8.self),
                    entry.loser.version.clock.description,
                    String(decoding: try encoder.encode(entry.winner.version.value), as: UTF8.self),
                    entry.winner.version.clock.description, entry.winner.version.author.rawValue,
                    entry.rule, entry.recordedAt, entry.winnerHidden == true,
                ])
            }
            try Self.setValue(String(list.next), for: .conflictPosition, in: db)
        }
    }

    /// The conflict-log position after which to fetch this user's lost conflicts.
    public func conflictPosition() throws -> Int64 {
        try database.read { db in try Self.value(.conflictPosition, in: db).flatMap(Int64.init) ?? 0 }
    }

    /// The conflicts this user lost, newest first, each saying whether the field holds this
    /// user's value now (the loss was made good since: a later write, or a restore).
    public func lostConflicts() throws -> [LostConflict] {
        let decoder = WireCoding.makeDecoder()
        return try database.read { db in
            let me = try self.settings(in: db).userID
            return try Row.fetchAll(db, sql: "SELECT * FROM lost_conflict ORDER BY position DESC").map { row in
                var conflict = LostConflict(
                    id: row["id"], entity: EntityName(row["entity"] as String), rowID: RowID(row["row_id"] as String),
                    field: FieldName(row["field"] as String),
                    myValue: try decoder.decode(FieldValue.self, from: Data((row["my_value"] as String).utf8)),
                    myClock: row["my_clock"],
                    winningValue: try decoder.decode(FieldValue.self, from: Data((row["winning_value"] as String).utf8)),
                    winningClock: row["winning_clock"], winningAuthor: UserID(row["winning_author"] as String),
                    winnerHidden: row["winner_hidden"], rule: row["rule"], recordedAt: row["recorded_at"])
                // Only a live row holds anything: beneath a tombstone the lost write is still lost.
                guard let row = try self.tables[conflict.entity]?.load(conflict.rowID, in: db), !row.isDeleted,
                      let now = row.stamps[conflict.field], now.author == me else { return conflict }
                let isMine = now.clock.description == conflict.myClock
                let isLater = HLCTimestamp(conflict.winningClock).map { now.clock > $0 } == true
                if isMine || (isLater && (row.values[conflict.field] ?? .null) == conflict.myValue) {
                    // Made good: the very write that lost holds the field again (a restore lifted
                    // the tombstone it lost to), or a later write of theirs of the same value.
                    conflict.replacedByYou = true
                } else if isLater {
                    conflict.changedByYouSince = true   // their later write holds another value (round 33)
                }
                return conflict
            }
        }
    }

    /// Marks the end of a successful sync.
    public func recordSyncFinished(at now: Int64) throws {
        try database.write { db in try Self.setValue(String(now), for: .lastSyncAt, in: db) }
    }

    /// Where this replica stands: pending and rejected entries, last sync, cursor, clock offset.
    public func status() throws -> ReplicaStatus {
        try database.read { db in
            let counts = try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM journal GROUP BY state")
            var byState: [String: Int] = [:]
            for row in counts { byState[row["state"]] = row["n"] }
            return ReplicaStatus(
                pendingEntries: byState["pending"] ?? 0,
                rejectedEntries: byState["rejected"] ?? 0,
                supersededEntries: byState["superseded"] ?? 0,
                lostConflicts: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lost_conflict") ?? 0,
                lastSyncAt: try Self.value(.lastSyncAt, in: db).flatMap(Int64.init),
                cursor: try Self.value(.cursor, in: db),
                serverClockOffsetMilliseconds: try Self.value(.serverOffset, in: db).flatMap(Int64.init))
        }
    }
}

/// A conflict in which this user's write lost.
public struct LostConflict: Hashable, Sendable {
    /// The server's conflict id.
    public var id: String
    /// The entity of the row.
    public var entity: EntityName
    /// The row.
    public var rowID: RowID
    /// The field both writes touched.
    public var field: FieldName
    /// The value this user wrote.
    public var myValue: FieldValue
    /// The clock of that write.
    public var myClock: String
    /// The value that won.
    public var winningValue: FieldValue
    /// The clock of the winning write.
    public var winningClock: String
    /// Who wrote the winning value.
    public var winningAuthor: UserID
    /// True when the winning value is withheld (`winningValue` is null): the row left this
    /// user's scope, or a pool hides the field, after the conflict was fetched, or before.
    public var winnerHidden: Bool
    /// The rule that decided.
    public var rule: String
    /// When the server recorded it.
    public var recordedAt: Int64
    /// True when the field of the live row holds this user's lost value now, on this laptop:
    /// the write that lost, back since (a restore lifted the tombstone), or a later write of
    /// theirs of the same value.
    public var replacedByYou = false
    /// True when a later write of this user holds the field of the live row, with another
    /// value than the one they lost: not theirs again, but theirs since.
    public var changedByYouSince = false
}

/// A summary of a replica's sync state.
public struct ReplicaStatus: Hashable, Sendable {
    /// Entries not yet answered by the server.
    public var pendingEntries: Int
    /// Entries the server refused (still visible with their reason).
    public var rejectedEntries: Int
    /// Entries that lost a merge when they were pushed.
    public var supersededEntries: Int
    /// Conflicts this user lost, including edits that lost later to someone else's push.
    public var lostConflicts: Int
    /// When the last sync finished (ms since 1970).
    public var lastSyncAt: Int64?
    /// The stored pull cursor.
    public var cursor: String?
    /// Server clock minus laptop clock at the last handshake, in ms.
    public var serverClockOffsetMilliseconds: Int64?
}
