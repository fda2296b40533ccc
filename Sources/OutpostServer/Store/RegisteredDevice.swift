import OutpostCore

/// What a handshake learns of its device from the store: where the device's own history on
/// the server ends. A replica file restored from an older copy (or copied to a second machine)
/// has forgotten part of that history, and uses both figures so it reuses neither a sequence
/// nor a clock (spec §11.1, "Restored replica files").
public struct RegisteredDevice: Hashable, Sendable {
    /// The highest journal sequence the store has taken from the device (0 for a new one).
    public var lastSequence: Int64
    /// The latest clock the store has taken from the device, as stored (clamped when it was
    /// too far ahead); nil when it never pushed a write or command.
    public var lastClock: HLCTimestamp?

    /// Creates a record.
    public init(lastSequence: Int64, lastClock: HLCTimestamp?) {
        self.lastSequence = lastSequence
        self.lastClock = lastClock
    }
}
