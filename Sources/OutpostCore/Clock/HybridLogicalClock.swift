/// The hybrid logical clock of one device: issues strictly increasing readings that stay
/// ahead of every reading the device has seen, whatever its wall clock says.
///
/// Pure: the wall-clock reading is always an argument.
///
/// ```swift
/// var clock = HybridLogicalClock(deviceID: DeviceID("w1"))
/// let first = clock.tick(now: 1_000)
/// clock.receive(remoteReading, now: 1_001)   // the next tick is after `remoteReading`
/// ```
public struct HybridLogicalClock: Sendable, Equatable {
    /// The device whose readings this clock issues.
    public let deviceID: DeviceID
    /// The highest reading issued or received so far; the next tick is above it.
    public private(set) var latest: HLCTimestamp?

    /// Creates a clock, optionally resuming after the last reading a previous run issued.
    public init(deviceID: DeviceID, resumingAfter latest: HLCTimestamp? = nil) {
        self.deviceID = deviceID
        self.latest = latest
    }

    /// Issues a new reading, strictly above every reading issued or received before.
    public mutating func tick(now: Int64) -> HLCTimestamp {
        let reading: HLCTimestamp
        if let latest, latest.wallMilliseconds >= now {
            reading = latest.successor(on: deviceID)
        } else {
            reading = HLCTimestamp(wallMilliseconds: now, counter: 0, deviceID: deviceID)
        }
        latest = reading
        return reading
    }

    /// Takes note of a reading from another device (or the server), so that every later tick
    /// orders after it.
    public mutating func receive(_ remote: HLCTimestamp) {
        guard let latest else {
            self.latest = HLCTimestamp(wallMilliseconds: remote.wallMilliseconds, counter: remote.counter, deviceID: deviceID)
            return
        }
        if remote.wallMilliseconds > latest.wallMilliseconds
            || (remote.wallMilliseconds == latest.wallMilliseconds && remote.counter > latest.counter) {
            self.latest = HLCTimestamp(wallMilliseconds: remote.wallMilliseconds, counter: remote.counter, deviceID: deviceID)
        }
    }
}
