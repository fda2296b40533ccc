/// The protocol versions this build speaks, and how a version travels on every request.
public enum ProtocolVersion {
    /// The versions this build (client or server) supports.
    public static let supported: ClosedRange<Int> = 1...2
    /// The version this build prefers.
    public static let current = 2
    /// The first version whose pull answers are `CompactPullPage`s (v1: `PullPage`s).
    public static let compactPullPages = 2
    /// The request header naming the version the client speaks: `Outpost-Protocol: 1`.
    public static let headerName = "Outpost-Protocol"

    /// Picks the highest version both sides support, or nil when the ranges do not overlap.
    public static func negotiate(client: VersionRange, server: ClosedRange<Int> = supported) -> Int? {
        let highest = min(client.maximum, server.upperBound)
        let lowest = max(client.minimum, server.lowerBound)
        return highest >= lowest ? highest : nil
    }
}

/// An inclusive range of protocol versions, as it travels in the handshake.
public struct VersionRange: Codable, Hashable, Sendable {
    /// The oldest version.
    public var minimum: Int
    /// The newest version.
    public var maximum: Int

    /// Creates a range.
    public init(minimum: Int, maximum: Int) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The range of a `ClosedRange`.
    public init(_ range: ClosedRange<Int>) {
        self.init(minimum: range.lowerBound, maximum: range.upperBound)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case minimum, maximum
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minimum = try container.decode(Int.self, forKey: .minimum)
        maximum = try container.decode(Int.self, forKey: .maximum)
    }
}
