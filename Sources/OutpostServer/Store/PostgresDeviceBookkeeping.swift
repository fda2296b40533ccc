import OutpostCore
import PostgresNIO

/// What a push writes to its device's row: the last sequence it consumed (invariant 3), the
/// last clock it clamped, the latest clock it took, when the device was last seen, its largest clock skew and how many
/// writes were clamped.
///
/// A push that changes rows writes this inside the statement that takes its change-log
/// positions (one round trip fewer: `PostgresChangeStore.fenceAndTakePositions`); any other
/// push writes it on its own.
struct PostgresDeviceBookkeeping: Sendable {
    let device: DeviceID
    let lastSequence: Int64
    let lastClampedClock: HLCTimestamp?
    let lastClock: HLCTimestamp?
    let seenAt: Int64
    let largestSkewMilliseconds: Int64
    let clampedWrites: Int64

    /// The bookkeeping of `plan`, a push from `device` at `serverNow`.
    init(_ plan: PushPlanner.Plan, device: DeviceID, serverNow: Int64) {
        self.device = device
        lastSequence = plan.lastSequence
        lastClampedClock = plan.lastClampedClock
        lastClock = plan.lastClock
        seenAt = serverNow
        largestSkewMilliseconds = plan.largestSkewMilliseconds == .min ? 0 : plan.largestSkewMilliseconds
        clampedWrites = plan.clampedWrites
    }
}

extension PostgresQuery.StringInterpolation {
    /// The `UPDATE device …` statement that writes `bookkeeping`, with its values bound.
    mutating func appendInterpolation(deviceUpdate bookkeeping: PostgresDeviceBookkeeping) {
        appendLiteral("UPDATE device SET last_sequence = ")
        appendInterpolation(bookkeeping.lastSequence)
        appendLiteral("::int8, last_clamped_clock = ")
        appendInterpolation(bookkeeping.lastClampedClock?.description)
        appendLiteral("::text, last_clock = ")
        appendInterpolation(bookkeeping.lastClock?.description)
        appendLiteral("::text, last_seen_at = ")
        appendInterpolation(bookkeeping.seenAt)
        appendLiteral("::int8, largest_push_skew_ms = GREATEST(largest_push_skew_ms, ")
        appendInterpolation(bookkeeping.largestSkewMilliseconds)
        appendLiteral("::int8), clamped_writes = clamped_writes + ")
        appendInterpolation(bookkeeping.clampedWrites)
        appendLiteral("::int8 WHERE id = ")
        appendInterpolation(bookkeeping.device.rawValue)
        appendLiteral("::text")
    }
}
