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
    /// from this device: a file restored from an older copy (or copied to a second machine)
    /// resumes its clock where the copy left it, and would hand out again clocks the server
    /// holds for other values. Edits made before this sync may already have done so; the
    /// server gives such a write a later clock as it applies it (spec §11.1), and this file
    /// takes that clock from the answer.
    /// - Parameter serverLastClock: `HandshakeResponse.deviceLastClock`.
    public func moveClockPast(serverLastClock: HLCTimestamp) throws {
        try database.write { db in
            var clock = try self.clock(in: db, deviceID: try self.settings(in: db).deviceID)
            clock.receive(serverLastClock)
            try self.saveClock(clock, in: db)
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
