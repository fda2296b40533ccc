/// How far ahead of the server's clock a device's readings may be before the server clamps
/// them. A laptop set to 2030 must not win every conflict for years (DESIGN "Clocks").
public struct ClockSkewBudget: Sendable, Equatable {
    /// The largest accepted lead over the server's wall clock, in milliseconds.
    public var maximumAheadMilliseconds: Int64

    /// Creates a budget; the default is five minutes.
    public init(maximumAheadMilliseconds: Int64 = 5 * 60 * 1000) {
        self.maximumAheadMilliseconds = maximumAheadMilliseconds
    }

    /// The outcome of checking one reading against the server's clock.
    public struct Verdict: Sendable, Equatable {
        /// The reading to store: the original, or the clamped one.
        public var clock: HLCTimestamp
        /// How far the original reading was ahead of the server's clock (negative when behind).
        public var skewMilliseconds: Int64
        /// Whether the reading was replaced because it lay beyond the budget.
        public var wasClamped: Bool
    }

    /// Checks `clock` against the server's wall clock and clamps it to `serverNow + budget`
    /// when it lies further ahead.
    ///
    /// Clamped readings keep the writing device and stay strictly above `previous` (the last
    /// clamped reading of the same device), so two clamped writes never share a clock.
    ///
    /// A reading of the same device at or below `previous` is raised just above it too: it
    /// comes with a later sequence, so it is the device's later write, made after the device
    /// restarted its clock from the server's (the handshake does so when it finds the laptop
    /// far ahead). Taken as it is, it would order before the device's own clamped write and
    /// lose to it: the last thing the user typed would be undone by what they typed before.
    /// - Parameters:
    ///   - clock: the reading the device sent.
    ///   - serverNow: the server's wall clock, in milliseconds.
    ///   - previous: the device's last clamped reading, if any.
    public func check(_ clock: HLCTimestamp, serverNow: Int64, previous: HLCTimestamp? = nil) -> Verdict {
        let skew = clock.wallMilliseconds - serverNow
        let limit = serverNow + maximumAheadMilliseconds
        guard clock.wallMilliseconds > limit else {
            if let previous, clock <= previous, clock.deviceID == previous.deviceID {
                return Verdict(clock: previous.successor(on: clock.deviceID), skewMilliseconds: skew, wasClamped: true)
            }
            return Verdict(clock: clock, skewMilliseconds: skew, wasClamped: false)
        }
        var clamped = HLCTimestamp(wallMilliseconds: limit, counter: 0, deviceID: clock.deviceID)
        if let previous, clamped <= previous {
            clamped = previous.successor(on: clock.deviceID)
        }
        return Verdict(clock: clamped, skewMilliseconds: skew, wasClamped: true)
    }
}
