import OutpostCore

/// `POST /v1/login`: a user signs a device in with their mobile number and password, and gets
/// a token for that device (`auth.md`).
public struct LoginRequest: Codable, Hashable, Sendable {
    /// The user's mobile number, as in their `user` row (spaces, dashes and +86 are fine).
    public var mobile: String
    /// The user's password.
    public var password: String
    /// The device (replica) the token is for; a new login on it replaces its previous token.
    public var deviceID: DeviceID
    /// A name for people, such as "Wang's ThinkPad", shown by `outpost-server devices list`.
    public var deviceName: String?

    /// Creates a request.
    public init(mobile: String, password: String, deviceID: DeviceID, deviceName: String? = nil) {
        self.mobile = mobile
        self.password = password
        self.deviceID = deviceID
        self.deviceName = deviceName
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mobile, password, deviceID, deviceName
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mobile = try container.decode(String.self, forKey: .mobile)
        password = try container.decode(String.self, forKey: .password)
        deviceID = try container.decode(DeviceID.self, forKey: .deviceID)
        deviceName = try container.decodeIfPresent(String.self, forKey: .deviceName)
    }
}

/// The server's answer to a login: the device's token, shown this once.
public struct LoginResponse: Codable, Hashable, Sendable {
    /// The bearer token for every later request from this device. The server keeps only its
    /// SHA-256 hash, so it cannot show it again: store it with the replica.
    public var token: String
    /// The user who signed in.
    public var userID: UserID
    /// The device the token is bound to.
    public var deviceID: DeviceID

    /// Creates a response.
    public init(token: String, userID: UserID, deviceID: DeviceID) {
        self.token = token
        self.userID = userID
        self.deviceID = deviceID
    }
}
