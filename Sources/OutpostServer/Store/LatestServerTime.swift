import Synchronization

/// The latest time this server's clock has read, kept across restarts through the devices'
/// `last_seen_at` (the server's time at each handshake and push): the clamp of pushed clocks
/// measures from it rather than from the clock alone.
///
/// A server whose clock ran fast, then was set right, has stored clocks from the fast time,
/// and laptops that pulled them carry their own clocks up past them (an HLC never goes back).
/// Measured from the corrected clock alone, such a laptop's next edit would be clamped below
/// what it had seen and lose to an older write (black-box round 30). Measured from the latest
/// reading, it orders after what it saw; a laptop whose own clock runs fast is still held to
/// that reading plus the budget, since only the server's own readings move it.
final class LatestServerTime: Sendable {
    /// The latest reading; nil until it has been read from the store.
    private let latest = Mutex<Int64?>(nil)

    /// Whether it has been read from the store since the process started.
    var isKnown: Bool { latest.withLock { $0 != nil } }

    /// Records what the store held (`SELECT max(last_seen_at) FROM device`; nil: no device yet).
    func start(from stored: Int64?) {
        latest.withLock { latest in latest = max(latest ?? .min, stored ?? .min) }
    }

    /// Records the server's reading `now`, and returns the latest reading so far.
    func observe(_ now: Int64) -> Int64 {
        latest.withLock { latest in
            let updated = max(latest ?? now, now)
            latest = updated
            return updated
        }
    }
}
