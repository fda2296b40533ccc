import OutpostCore

/// Why a write is not allowed, as the server answers it and the laptop says it before
/// journaling: a stable `code` a client can switch on (`permission.not_allowed`, …) and a
/// `message` for people that says what to do instead.
public struct WriteRefusal: Hashable, Sendable {
    /// The stable code (protocol/scopes.md §4).
    public let code: String
    /// What happened and what to do next.
    public let message: String
    /// The field refused, when one field is the reason (a laptop names it in its error).
    public let field: FieldName?

    /// Creates a refusal.
    public init(code: String, message: String, field: FieldName? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }
}
