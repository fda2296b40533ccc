import GRDB
import OutpostCore

extension Replica {
    /// Remembers that the journal's entries through `sequence` are about to be sent, before
    /// the push leaves: what the server may have taken from this file never goes past it.
    public func recordSending(through sequence: Int64) throws {
        try database.write { db in
            guard sequence > (try self.sentThrough(in: db)) else { return }
            try Self.setValue(String(sequence), for: .sentThrough, in: db)
        }
    }

    /// Numbers again the entries this file never sent when the server has taken sequences
    /// beyond what the file remembers sending: the file was restored from an older copy (a
    /// laptop backup), and its new entries reuse sequences the server already answered. Sent
    /// as they are, the server would take them for repeats and answer "applied" without
    /// applying them (spec §11.1). They move above every sequence the server and the journal
    /// have used, in the same order. Entries sent before stay as they are: the server answers
    /// them from its record of this device.
    /// - Parameter serverLastSequence: `HandshakeResponse.deviceLastSequence`.
    /// - Returns: how many entries were numbered again (0 on an ordinary sync).
    public func renumberUnsentEntries(serverLastSequence: Int64) throws -> Int {
        try database.write { db in
            let sent = try self.sentThrough(in: db)
            guard serverLastSequence > sent else { return 0 }
            let largest = try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM journal") ?? 0
            // One shift for all: every moved entry lands above the journal's largest sequence,
            // so no two entries ever share one, even halfway through the statement.
            let shift = max(serverLastSequence, largest) - sent
            try db.execute(sql: "UPDATE journal SET sequence = sequence + ? WHERE sequence > ?", arguments: [shift, sent])
            return db.changesCount
        }
    }

    /// Moves the device's clock past `serverLastClock`, the latest clock the server has taken
    /// from this device, and stamps again every entry this file never sent when one of them
    /// carries a clock at or below it. That happens only to a file restored from an older copy
    /// (or copied to a second machine) whose clock was ahead of real time when it was copied:
    /// its clock resumed where the copy left it and handed out again clocks the server already
    /// holds for other values. Sent as they are, such a write would stand beside another value
    /// under the same clock (the server keeps its own, this file its), and the two would never
    /// converge. The new clocks come in journal order, so the entries keep their order; a row's
    /// field that shows an entry takes its new clock, and a later entry's base follows.
    /// - Parameter serverLastClock: `HandshakeResponse.deviceLastClock`.
    /// - Returns: how many entries were stamped again (0 on an ordinary sync).
    public func restampUnsentEntries(serverLastClock: HLCTimestamp, now: Int64 = WallClock.now()) throws -> Int {
        try database.write { db in
            let deviceID = try self.settings(in: db).deviceID
            var clock = try self.clock(in: db, deviceID: deviceID)
            clock.receive(serverLastClock)
            let unsent = try Row.fetchAll(db, sql: """
                SELECT sequence, entity, row_id, field, clock, command_id FROM journal
                WHERE sequence > ? AND state = 'pending' ORDER BY sequence
                """, arguments: [try self.sentThrough(in: db)])
            let clocks = try unsent.map { row in
                guard let issued = HLCTimestamp(row["clock"] as String) else { throw ReplicaError.corruptJournal(sequence: row["sequence"]) }
                return issued
            }
            guard clocks.contains(where: { $0 <= serverLastClock }) else {
                try self.saveClock(clock, in: db)
                return 0
            }
            for (row, old) in zip(unsent, clocks) {
                let new = clock.tick(now: now)
                let sequence: Int64 = row["sequence"]
                try db.execute(sql: "UPDATE journal SET clock = ? WHERE sequence = ?", arguments: [new.description, sequence])
                try db.execute(sql: "UPDATE journal SET base = ? WHERE sequence > ? AND state = 'pending' AND base = ?",
                               arguments: [new.description, sequence, old.description])
                guard (row["command_id"] as String?) == nil, let table = tables[EntityName(row["entity"] as String)] else { continue }
                let rowID = RowID(row["row_id"] as String)
                let field = FieldName(row["field"] as String)
                guard let loaded = try table.load(rowID, in: db), loaded.stamps[field]?.clock == old else { continue }
                var restamped = loaded
                restamped.stamps[field]?.clock = new
                try table.save(rowID, restamped, replacing: loaded, in: db)
            }
            try self.saveClock(clock, in: db)
            return unsent.count
        }
    }

    // MARK: - Private

    /// The last sequence handed to the transport. A file from before this was recorded counts
    /// every answered entry as sent.
    private func sentThrough(in db: Database) throws -> Int64 {
        if let recorded = try Self.value(.sentThrough, in: db).flatMap(Int64.init) { return recorded }
        return try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM journal WHERE state != 'pending'") ?? 0
    }
}
