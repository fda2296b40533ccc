/// The kind of value a field accepts. Checking a value is pure and shared by the laptop
/// (before it journals an edit) and the server (before it merges a push).
public enum FieldType: Hashable, Sendable {
    /// Text of at most `maximumLength` characters.
    case text(maximumLength: Int)
    /// A whole number in `range`.
    case integer(range: ClosedRange<Int64>)
    /// true or false.
    case boolean
    /// One of a fixed list of words.
    case enumeration([String])
    /// A UTC instant in milliseconds since the Unix epoch.
    case timestamp
    /// The id of a row of another entity.
    case reference(EntityName)

    /// A stable description used in messages and the schema fingerprint.
    public var description: String {
        switch self {
        case .text(let maximumLength): "text of at most \(maximumLength) characters"
        case .integer(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .boolean: "true or false"
        case .enumeration(let words): "one of " + words.joined(separator: ", ")
        case .timestamp: "a time in milliseconds since 1970"
        case .reference(let entity): "the id of a \(entity)"
        }
    }

    /// Whether `value` (not null) fits this type.
    public func accepts(_ value: FieldValue) -> Bool {
        switch (self, value) {
        // A character takes at least one UTF-8 byte: short text needs no grapheme count.
        case (.text(let maximumLength), .text(let text)): text.utf8.count <= maximumLength || text.count <= maximumLength
        case (.integer(let range), .integer(let number)): range.contains(number)
        case (.boolean, .bool): true
        case (.enumeration(let words), .text(let word)): words.contains(word)
        case (.timestamp, .integer(let milliseconds)): milliseconds >= 0
        case (.reference, .text(let id)): !id.isEmpty && id.count <= 64
        default: false
        }
    }
}
