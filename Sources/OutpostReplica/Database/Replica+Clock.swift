import GRDB
import OutpostCore

extension Replica {
    /// The device's hybrid logical clock as last saved.
    func clock(in db: Database, deviceID: DeviceID) throws -> HybridLogicalClock {
        let latest = try Self.value(.clock, in: db).flatMap { HLCTimestamp($0) }
        return HybridLogicalClock(deviceID: deviceID, resumingAfter: latest)
    }

    /// The device's hybrid logical clock as saved in a snapshot of the sync state.
    func clock(from state: [SyncStateKey: String], deviceID: DeviceID) -> HybridLogicalClock {
        HybridLogicalClock(deviceID: deviceID, resumingAfter: state[.clock].flatMap { HLCTimestamp($0) })
    }

    /// Saves the clock so the next edit (even after a restart) ticks above it.
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
}
