/// A text format with its own normalization, such as a mainland mobile number: the domain
/// declares it, and the same code normalizes on the laptop (before an edit is journaled) and
/// on the server (before a push is merged), so equal numbers typed differently are equal.
public struct FieldFormat: Sendable, Hashable {
    /// A stable name (part of the schema fingerprint).
    public let name: String
    /// What a valid value looks like, for messages ("a mainland mobile number: 11 digits …").
    public let expected: String
    /// The stable code of a refusal, for example `phone.invalid_format`.
    public let rejectionCode: String
    private let normalizer: @Sendable (String) -> String?

    /// Declares a format.
    /// - Parameter normalize: returns the canonical text, or nil when the text is not valid.
    public init(name: String, expected: String, rejectionCode: String, normalize: @escaping @Sendable (String) -> String?) {
        self.name = name
        self.expected = expected
        self.rejectionCode = rejectionCode
        normalizer = normalize
    }

    /// The canonical text of `text`, or nil when it is not valid.
    public func normalize(_ text: String) -> String? { normalizer(text) }

    public static func == (lhs: FieldFormat, rhs: FieldFormat) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
