import GRDB
import OutpostCore

extension Replica {
    /// The device's hybrid logical clock: past every reading it issued and every reading it
    /// received, however the process ended.
    ///
    /// Issued readings are not saved on their own: each is the clock of a journal entry, and
    /// the last entry (by sequence) holds the latest, found through the journal's key. An edit
    /// thus writes no sync state (one statement and one page fewer, BENCHMARKS S5). Received
    /// readings are saved (`hlc_latest`), and a handshake that restarts a clock stamped far in
    /// the future marks where the journal stops counting (`hlc_restarted_after`).
    func clock(in db: Database, deviceID: DeviceID) throws -> HybridLogicalClock {
        var state: [SyncStateKey: String] = [:]
        for key in [SyncStateKey.clock, .clockRestartedAfter] { state[key] = try Self.value(key, in: db) }
        return try clock(from: state, deviceID: deviceID, in: db)
    }

    /// The device's clock from a snapshot of the sync state (its `clock` and
    /// `clockRestartedAfter` keys) and the journal in `db`.
    func clock(from state: [SyncStateKey: String], deviceID: DeviceID, in db: Database) throws -> HybridLogicalClock {
        var clock = HybridLogicalClock(deviceID: deviceID, resumingAfter: state[.clock].flatMap { HLCTimestamp($0) })
        let restartedAfter = state[.clockRestartedAfter].flatMap(Int64.init) ?? 0
        if let last = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT sequence, clock FROM journal WHERE sequence > ? ORDER BY sequence DESC LIMIT 1
            """), arguments: [restartedAfter]) {
            guard let issued = HLCTimestamp(last["clock"] as String) else { throw ReplicaError.corruptJournal(sequence: last["sequence"]) }
            clock.receive(issued)
        }
        return clock
    }

    /// Saves the clock as the latest reading received, so every later edit (even after a
    /// restart) ticks above it.
    func saveClock(_ clock: HybridLogicalClock, in db: Database) throws {
        if let latest = clock.latest {
            try Self.setValue(latest.description, for: .clock, in: db)
        }
    }

    /// Moves the device's clock past `remote` (a clock seen in a pull or stored by the server).
    func receive(_ remote: HLCTimestamp, in db: Database, deviceID: DeviceID) throws {
        var clock = try clock(in: db, deviceID: deviceID)
        clock.receive(remote)
        try saveClock(clock, in: db)
    }

    /// Restarts the device's clock: neither the saved reading nor the journal's entries so far
    /// count any more (they were stamped far in the future); the next edit ticks from its wall time.
    func restartClock(in db: Database) throws {
        try db.execute(sql: "DELETE FROM sync_state WHERE key = ?", arguments: [SyncStateKey.clock.rawValue])
        let last = try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM journal") ?? 0
        try Self.setValue(String(last), for: .clockRestartedAfter, in: db)
    }
}
