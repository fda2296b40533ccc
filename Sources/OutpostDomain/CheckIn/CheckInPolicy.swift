/// The thresholds a check-in is judged by (DOMAIN.md R-16.x; all defaults are proposals).
public struct CheckInPolicy: Sendable, Hashable, Codable {
    /// Ten minutes in milliseconds, the default for every time window here.
    public static let tenMinutes: Int64 = 10 * 60 * 1000

    /// Flag `far_from_subject` beyond this distance in metres (R-16.2: accuracy plus GCJ margin).
    public var geofenceMeters: Double
    /// Flag `low_accuracy` when the accuracy radius exceeds this, in metres.
    public var maximumAccuracyMeters: Double
    /// Flag `stale_fix` when the fix is older than the device clock by more than this.
    public var maximumFixAgeMilliseconds: Int64
    /// Flag `clock_skew` when the device clock is off by more than this.
    public var maximumClockSkewMilliseconds: Int64
    /// Flag `impossible_travel` above this speed, in km/h.
    public var maximumTravelSpeedKilometersPerHour: Double
    /// The shortest interval speed is computed over, so two check-ins seconds apart with a
    /// little GPS jitter do not look like a jet.
    public var minimumTravelIntervalMilliseconds: Int64
    /// Flag `duplicate` when the same user, kind and subject recur within this window.
    public var duplicateWindowMilliseconds: Int64
    /// The company's `pictureSetting`: flag `photo_missing` when a check-in has no photo.
    public var requiresPhoto: Bool

    /// A policy; every default is the DOMAIN.md proposal.
    public init(
        geofenceMeters: Double = 500,
        maximumAccuracyMeters: Double = 1000,
        maximumFixAgeMilliseconds: Int64 = tenMinutes,
        maximumClockSkewMilliseconds: Int64 = tenMinutes,
        maximumTravelSpeedKilometersPerHour: Double = 300,
        minimumTravelIntervalMilliseconds: Int64 = 60 * 1000,
        duplicateWindowMilliseconds: Int64 = tenMinutes,
        requiresPhoto: Bool = false
    ) {
        self.geofenceMeters = geofenceMeters
        self.maximumAccuracyMeters = maximumAccuracyMeters
        self.maximumFixAgeMilliseconds = maximumFixAgeMilliseconds
        self.maximumClockSkewMilliseconds = maximumClockSkewMilliseconds
        self.maximumTravelSpeedKilometersPerHour = maximumTravelSpeedKilometersPerHour
        self.minimumTravelIntervalMilliseconds = minimumTravelIntervalMilliseconds
        self.duplicateWindowMilliseconds = duplicateWindowMilliseconds
        self.requiresPhoto = requiresPhoto
    }
}
