/// What the server knows about one check-in, in plain values the assessment can judge
/// (DOMAIN.md §1.10). The server maps a stored row to this; nothing here reads the schema.
public struct CheckInFacts: Sendable, Hashable {
    /// Which moment of a visit a check-in records (§1.10 `kind`).
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 签到: arriving at the subject.
        case arrive
        /// 签退: leaving the subject.
        case leave
        /// 外勤打卡: a field punch without a visit.
        case adHoc = "ad_hoc"
    }

    /// How the device obtained the location (§1.10 `location_status`).
    public enum LocationStatus: String, Sendable, Hashable, Codable, CaseIterable {
        /// A current fix.
        case fixed
        /// The last known fix; the device could not get a new one.
        case stale
        /// No location at all; `point` is nil.
        case unavailable
    }

    /// The check-in's id.
    public var id: String
    /// The author (`user_id`).
    public var userID: String
    /// Arrive, leave or ad hoc.
    public var kind: Kind
    /// The lead or customer visited; nil for street prospecting (扫街).
    public var subjectID: String?
    /// Where the device was, in the system it reported; nil when the location is unavailable.
    public var point: GeoPoint?
    /// The fix's horizontal accuracy radius in metres (`horizontal_accuracy_m`).
    public var accuracyMeters: Double?
    /// Whether the fix is current, stale or missing.
    public var locationStatus: LocationStatus
    /// When the fix was taken, UTC milliseconds.
    public var locationTime: Int64?
    /// The device's raw clock when the check-in was made, UTC milliseconds, kept verbatim.
    public var deviceTime: Int64
    /// The check-in's HLC wall time after the server's clamp, UTC milliseconds.
    public var occurredAt: Int64
    /// When the server received it, UTC milliseconds.
    public var receivedAt: Int64
    /// Whether the server clamped the HLC wall time to produce `occurredAt`.
    public var occurredAtWasClamped: Bool
    /// How many photos came with it.
    public var photoCount: Int

    /// Facts about one check-in; see the properties for each value's meaning.
    public init(
        id: String, userID: String, kind: Kind, subjectID: String?,
        point: GeoPoint?, accuracyMeters: Double?, locationStatus: LocationStatus, locationTime: Int64?,
        deviceTime: Int64, occurredAt: Int64, receivedAt: Int64, occurredAtWasClamped: Bool = false,
        photoCount: Int
    ) {
        self.id = id
        self.userID = userID
        self.kind = kind
        self.subjectID = subjectID
        self.point = point
        self.accuracyMeters = accuracyMeters
        self.locationStatus = locationStatus
        self.locationTime = locationTime
        self.deviceTime = deviceTime
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
        self.occurredAtWasClamped = occurredAtWasClamped
        self.photoCount = photoCount
    }

    /// The point, when the device reported a usable one.
    var usablePoint: GeoPoint? {
        locationStatus == .unavailable ? nil : point
    }
}
