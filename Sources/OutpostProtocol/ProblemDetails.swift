/// An error answer, sent as `application/problem+json` (RFC 9457) with a stable `code`.
public struct ProblemDetails: Codable, Hashable, Sendable, Error {
    /// The stable code to switch on.
    public var code: ErrorCode
    /// A short summary that does not change between occurrences.
    public var title: String
    /// What happened in this case, with the values involved, and what to do next.
    public var detail: String
    /// The HTTP status code.
    public var status: Int

    /// Creates a problem.
    public init(code: ErrorCode, title: String, detail: String, status: Int) {
        self.code = code
        self.title = title
        self.detail = detail
        self.status = status
    }

    /// The media type of problem answers.
    public static let mediaType = "application/problem+json"
}
