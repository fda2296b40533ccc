import OutpostCore

/// Kind tag for `ErrorCode`.
public enum ErrorCodeKind: IdentifierKind {}

/// A stable error code a client can switch on, for example `"auth.invalid_token"`. An open
/// set: an older client decodes a code it has never seen and still matches the ones it knows
/// (invariant 6).
public typealias ErrorCode = Identifier<ErrorCodeKind>

extension Identifier where Kind == ErrorCodeKind {
    /// The client speaks no protocol version the server supports.
    public static var unsupportedProtocolVersion: ErrorCode { ErrorCode(rawValue: "protocol.unsupported_version") }
    /// The body is not valid JSON for this message, has unknown fields, or misses required ones.
    public static var malformedRequest: ErrorCode { ErrorCode(rawValue: "request.malformed") }
    /// The body (or its gzip expansion) is larger than the server accepts.
    public static var requestTooLarge: ErrorCode { ErrorCode(rawValue: "request.too_large") }
    /// The body is not `application/json`.
    public static var unsupportedMediaType: ErrorCode { ErrorCode(rawValue: "request.unsupported_media_type") }
    /// The user already has as many requests in progress as the server allows.
    public static var tooManyConcurrentRequests: ErrorCode { ErrorCode(rawValue: "request.too_many_concurrent") }
    /// The bearer token is missing, unknown or revoked.
    public static var invalidToken: ErrorCode { ErrorCode(rawValue: "auth.invalid_token") }
    /// The mobile number and password do not match a user who may sign in.
    public static var invalidCredentials: ErrorCode { ErrorCode(rawValue: "auth.invalid_credentials") }
    /// Too many failed logins for this user or from this address; retry after `Retry-After`.
    public static var rateLimited: ErrorCode { ErrorCode(rawValue: "auth.rate_limited") }
    /// The user is disabled: no sign-in, handshake or pull, and pushes are quarantined.
    public static var userDisabled: ErrorCode { ErrorCode(rawValue: "user.disabled") }
    /// The device id is registered to another user.
    public static var deviceMismatch: ErrorCode { ErrorCode(rawValue: "request.device_mismatch") }
    /// The route does not exist.
    public static var notFound: ErrorCode { ErrorCode(rawValue: "request.not_found") }
    /// The cursor was not issued by this server, or lies ahead of it (re-bootstrap).
    public static var invalidCursor: ErrorCode { ErrorCode(rawValue: "pull.invalid_cursor") }
    /// The server failed; the request can be retried.
    public static var internalError: ErrorCode { ErrorCode(rawValue: "server.internal") }
    /// The change names an entity the schema does not have.
    public static var unknownEntity: ErrorCode { ErrorCode(rawValue: "change.unknown_entity") }
    /// The change names a field the entity does not have.
    public static var unknownField: ErrorCode { ErrorCode(rawValue: "change.unknown_field") }
    /// The change would alter a field that cannot change once written.
    public static var immutableField: ErrorCode { ErrorCode(rawValue: "change.immutable_field") }
    /// The change's value does not fit the field's type.
    public static var invalidValue: ErrorCode { ErrorCode(rawValue: "change.invalid_value") }
    /// The caller's position may not ingest leads (only hq_admin, marketing, branch_manager).
    public static var ingestPositionNotAllowed: ErrorCode { ErrorCode(rawValue: "ingest.position_not_allowed") }
    /// An ingested lead names a team that does not exist.
    public static var ingestUnknownTeam: ErrorCode { ErrorCode(rawValue: "ingest.unknown_team") }
    /// An ingested lead's value does not fit its field.
    public static var ingestInvalidValue: ErrorCode { ErrorCode(rawValue: "ingest.invalid_value") }
    /// Two leads of one ingest batch have the same id.
    public static var ingestDuplicateID: ErrorCode { ErrorCode(rawValue: "ingest.duplicate_id") }
    /// Two leads of one ingest batch have the same mobile number.
    public static var ingestDuplicateMobile: ErrorCode { ErrorCode(rawValue: "ingest.duplicate_mobile") }
    /// A branch manager's ingested lead would be placed in another branch.
    public static var ingestOutsideBranch: ErrorCode { ErrorCode(rawValue: "ingest.outside_branch") }
    /// A role names a data scope that is none of `self`, `self_and_subordinates`, `own_unit`,
    /// `unit_subtree`, `company` (protocol/scopes.md).
    public static var roleUnknownDataScope: ErrorCode { ErrorCode(rawValue: "role.unknown_data_scope") }
    /// A role's `field_access` holds an entry that is not `entity.field=hidden|read|write` for
    /// a field of the schema.
    public static var roleInvalidFieldAccess: ErrorCode { ErrorCode(rawValue: "role.invalid_field_access") }
}
