import Foundation

/// A wall clock a test sets by hand, shared between tasks (the lock makes it safe).
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var milliseconds: Int64

    /// Starts the clock at `milliseconds` since 1970.
    public init(_ milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The current reading.
    public var now: Int64 { lock.withLock { milliseconds } }

    /// Moves the clock forward.
    public func advance(by delta: Int64) { lock.withLock { milliseconds += delta } }

    /// Sets the reading (a scenario's next step happens at a stated time).
    public func set(to milliseconds: Int64) { lock.withLock { self.milliseconds = milliseconds } }
}
