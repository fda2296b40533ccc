import OutpostCore

/// `POST /v1/handshake`: the client says which protocol versions it speaks and which device
/// it is; the server picks a version and tells its time, so the client can keep its clock
/// ahead of the server's and the server can record the device's skew.
public struct HandshakeRequest: Codable, Hashable, Sendable {
    /// The protocol versions the client speaks.
    public var supportedVersions: VersionRange
    /// The device's id (stable for the life of the replica file).
    public var deviceID: DeviceID
    /// The client's schema fingerprint (`Schema.fingerprint`).
    public var schemaFingerprint: String
    /// The client's wall clock when it sent the request, in ms since 1970.
    public var clientTime: Int64

    /// Creates a request.
    public init(supportedVersions: VersionRange, deviceID: DeviceID, schemaFingerprint: String, clientTime: Int64) {
        self.supportedVersions = supportedVersions
        self.deviceID = deviceID
        self.schemaFingerprint = schemaFingerprint
        self.clientTime = clientTime
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case supportedVersions, deviceID, schemaFingerprint, clientTime
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        supportedVersions = try container.decode(VersionRange.self, forKey: .supportedVersions)
        deviceID = try container.decode(DeviceID.self, forKey: .deviceID)
        schemaFingerprint = try container.decode(String.self, forKey: .schemaFingerprint)
        clientTime = try container.decode(Int64.self, forKey: .clientTime)
    }
}

/// The server's answer to a handshake.
public struct HandshakeResponse: Codable, Hashable, Sendable {
    /// The version both sides will speak; send it as the `Outpost-Protocol` header.
    public var protocolVersion: Int
    /// The versions the server speaks.
    public var supportedVersions: VersionRange
    /// The server's wall clock, in ms since 1970.
    public var serverTime: Int64
    /// The authenticated user.
    public var userID: UserID
    /// The server's schema version.
    public var schemaVersion: Int
    /// The server's schema fingerprint.
    public var schemaFingerprint: String
    /// The most changes one push may carry.
    public var maximumPushBatch: Int
    /// How far ahead of `serverTime` a clock may be before the server clamps it.
    public var maximumClockSkewMilliseconds: Int64
    /// The highest journal sequence the server has taken from this device (0 for a new one;
    /// absent from servers before it was added). Above what the replica file remembers having
    /// sent, it means the file was restored from an older copy: entries it never sent carry
    /// sequences the server already answered, and must be numbered again before the push
    /// (spec §11.1), or the server would answer them as repeats without applying them.
    public var deviceLastSequence: Int64?
    /// The latest clock the server has stored from this device, clamped as stored (absent for
    /// a device that never pushed, and from servers before it was added). A replica file
    /// restored from an older copy, or copied to a second machine, would issue clocks it issued
    /// before; it moves its clock past this one (spec §11.1).
    public var deviceLastClock: HLCTimestamp?
    /// The identity of the server's database, made when it was created and kept by a restored
    /// copy (absent from servers before it was added). A replica that synced with one store
    /// refuses to sync with another (spec §12.5): their change logs and rows are not the same.
    public var storeID: String?

    /// Creates a response.
    public init(protocolVersion: Int, supportedVersions: VersionRange, serverTime: Int64, userID: UserID,
                schemaVersion: Int, schemaFingerprint: String, maximumPushBatch: Int, maximumClockSkewMilliseconds: Int64,
                deviceLastSequence: Int64? = nil, deviceLastClock: HLCTimestamp? = nil, storeID: String? = nil) {
        self.protocolVersion = protocolVersion
        self.supportedVersions = supportedVersions
        self.serverTime = serverTime
        self.userID = userID
        self.schemaVersion = schemaVersion
        self.schemaFingerprint = schemaFingerprint
        self.maximumPushBatch = maximumPushBatch
        self.maximumClockSkewMilliseconds = maximumClockSkewMilliseconds
        self.deviceLastSequence = deviceLastSequence
        self.deviceLastClock = deviceLastClock
        self.storeID = storeID
    }
}
