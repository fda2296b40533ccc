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
    /// A stage of an ordered process with the reopen epoch the writer saw:
    /// `{"epoch": 0, "stage": "商务洽谈"}`, `stages` in forward order (see `ForwardOnly`).
    case stage([String])
    /// A set of short words (tags) as an observed-remove set (see `ObservedRemoveSet`).
    case tagSet(maximumTags: Int)
    /// Text in a format with its own normalization (a mainland mobile number).
    case formatted(FieldFormat)
    /// Several values that change together, such as an address and its district code, or a
    /// coordinate triple: an object with exactly these members (members may be null).
    case composite([String: FieldType])

    /// A stable description used in messages and the schema fingerprint.
    public var description: String {
        switch self {
        case .text(let maximumLength): "text of at most \(maximumLength) characters"
        case .integer(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .boolean: "true or false"
        case .enumeration(let words): "one of " + words.joined(separator: ", ")
        case .timestamp: "a time in milliseconds since 1970"
        case .reference(let entity): "the id of a \(entity)"
        case .stage(let stages): "{\"epoch\": n, \"stage\": s} with s one of " + stages.joined(separator: " < ")
        case .tagSet(let maximumTags): "a tag set of at most \(maximumTags) tags"
        case .formatted(let format): format.expected
        case .composite(let members):
            "an object of " + members.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.description)" }.joined(separator: "; ")
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
        case (.stage(let stages), .object):
            StageValue(value).map { $0.epoch >= 0 && stages.contains($0.stage) } ?? false
        case (.formatted(let format), .text(let text)): format.normalize(text) == text
        case (.tagSet(let maximumTags), .object):
            ObservedRemoveSet(value).map { $0.elements.count <= maximumTags && $0.elements.allSatisfy { $0.count <= 32 } } ?? false
        case (.composite(let members), .object(let given)):
            Set(given.keys) == Set(members.keys)
                && given.allSatisfy { name, member in member == .null || members[name]!.accepts(member) }
        default: false
        }
    }
}
