/// A stable error code a client can switch on. An open set: an older client decodes a code
/// it has never seen and still matches the ones it knows (invariant 6).
public struct ErrorCode: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The code as it travels, for example `"auth.invalid_token"`.
    public var rawValue: String

    /// Wraps a raw code.
    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The client speaks no protocol version the server supports.
    public static let unsupportedProtocolVersion = ErrorCode(rawValue: "protocol.unsupported_version")
    /// The body is not valid JSON for this message, has unknown fields, or misses required ones.
    public static let malformedRequest = ErrorCode(rawValue: "request.malformed")
    /// The body (or its gzip expansion) is larger than the server accepts.
    public static let requestTooLarge = ErrorCode(rawValue: "request.too_large")
    /// The body is not `application/json`.
    public static let unsupportedMediaType = ErrorCode(rawValue: "request.unsupported_media_type")
    /// The user already has as many requests in progress as the server allows.
    public static let tooManyConcurrentRequests = ErrorCode(rawValue: "request.too_many_concurrent")
    /// The bearer token is missing, unknown or revoked.
    public static let invalidToken = ErrorCode(rawValue: "auth.invalid_token")
    /// The device id is registered to another user.
    public static let deviceMismatch = ErrorCode(rawValue: "request.device_mismatch")
    /// The route does not exist.
    public static let notFound = ErrorCode(rawValue: "request.not_found")
    /// The cursor was not issued by this server, or lies ahead of it (re-bootstrap).
    public static let invalidCursor = ErrorCode(rawValue: "pull.invalid_cursor")
    /// The server failed; the request can be retried.
    public static let internalError = ErrorCode(rawValue: "server.internal")
    /// The change names an entity the schema does not have.
    public static let unknownEntity = ErrorCode(rawValue: "change.unknown_entity")
    /// The change names a field the entity does not have.
    public static let unknownField = ErrorCode(rawValue: "change.unknown_field")
    /// The change would alter a field that cannot change once written.
    public static let immutableField = ErrorCode(rawValue: "change.immutable_field")
    /// The change's value does not fit the field's type.
    public static let invalidValue = ErrorCode(rawValue: "change.invalid_value")
}
