/// The kind of value a field accepts. Checking a value is pure and shared by the laptop
/// (before it journals an edit) and the server (before it merges a push).
public indirect enum FieldType: Hashable, Sendable {
    /// Text of at most `maximumLength` characters.
    case text(maximumLength: Int)
    /// A whole number in `range`.
    case integer(range: ClosedRange<Int64>)
    /// A number with a fraction (a latitude, an accuracy in metres) in `range`. A JSON
    /// integer is accepted too and stored as a real, so `31` and `31.0` are the same value.
    case real(range: ClosedRange<Double>)
    /// An amount of money as a whole number of fen (分), never negative (DOMAIN §1.0
    /// `money_fen`, §3.2(7)). A negative amount is refused with `money.negative`.
    case money
    /// A civil date `YYYY-MM-DD` in the company time zone (DOMAIN §1.0 `date`), in one of
    /// `dateYears`. Anything else, including 2023-02-29 and 0001-01-01, is refused with
    /// `date.invalid`.
    case date
    /// true or false.
    case boolean
    /// One of a fixed list of words. Another word is refused with `value.unknown_enum`.
    case enumeration([String])
    /// A UTC instant in milliseconds since the Unix epoch, in `timestampRange`.
    case timestamp
    /// The id of a row of another entity.
    case reference(EntityName)
    /// A list of at most `maximumCount` values of `element` (the ids of a follow-up's
    /// contacts, a check-in's flags). Written whole: the last writer's list wins.
    case list(of: FieldType, maximumCount: Int)
    /// A stage of an ordered process with the reopen epoch the writer saw:
    /// `{"epoch": 0, "stage": "商务洽谈"}`, `stages` in forward order (see `ForwardOnly`).
    case stage([String])
    /// A set of short words or ids (tags, course ids, region codes; at most 64 characters
    /// each) as an observed-remove set (see `ObservedRemoveSet`).
    case tagSet(maximumTags: Int)
    /// Text in a format with its own normalization (a mainland mobile number).
    case formatted(FieldFormat)
    /// Several values that change together, such as an address and its district code, or a
    /// coordinate triple: an object with exactly these members (members may be null).
    case composite([String: FieldType])

    /// The years a `.date` takes. A CRM's dates (a child's or parent's birth, a visit, an
    /// expected close) fall well inside them; a year outside is a slip of the keyboard
    /// (`0001`, `20266`) that would sort and count wrongly for ever.
    public static let dateYears: ClosedRange<Int> = 1900...2199

    /// The instants a `.timestamp` takes: from 1970 up to the end of `dateYears`' last year, UTC.
    public static let timestampRange: ClosedRange<Int64> = 0...7_258_118_399_999

    /// A stable description used in messages and the schema fingerprint.
    public var description: String {
        switch self {
        case .text(let maximumLength): "text of at most \(maximumLength) characters"
        case .integer(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .real(let range): "a number from \(range.lowerBound) to \(range.upperBound)"
        case .money: "an amount in fen (a whole number, 0 or more)"
        case .date: "a date YYYY-MM-DD from \(Self.dateYears.lowerBound) to \(Self.dateYears.upperBound)"
        case .boolean: "true or false"
        case .enumeration(let words): "one of " + words.joined(separator: ", ")
        case .timestamp: "a time in milliseconds since 1970, before the year \(Self.dateYears.upperBound + 1)"
        case .reference(let entity): "the id of a \(entity)"
        case .list(let element, let maximumCount): "a list of at most \(maximumCount) of (\(element.description))"
        case .stage(let stages): "{\"epoch\": n, \"stage\": s} with s one of " + stages.joined(separator: " < ")
        case .tagSet(let maximumTags): "a tag set of at most \(maximumTags) tags of at most 64 characters"
        case .formatted(let format): format.expected
        case .composite(let members):
            "an object of " + members.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.description)" }.joined(separator: "; ")
        }
    }

    /// Whether `value` (not null) fits this type as it is stored: in its canonical form.
    /// - Parameter current: the value it replaces, which a tag set's limit is judged against.
    public func accepts(_ value: FieldValue, replacing current: FieldValue? = nil) -> Bool {
        (try? normalized(value, replacing: current)) == value
    }

    /// Checks `value` (not null) against this type and returns its canonical form: free text
    /// in NFC without white space at its ends (`CanonicalText`), a
    /// formatted text normalized (`+86 138-1234-5678` → `13812345678`), a whole number
    /// written to a real field as a real, the members of a list or composite likewise.
    ///
    /// A tag set's limit stops it from growing, never from shrinking: merged adds of several
    /// laptops (add wins) can take a set past it, and then a write that removes tags, or keeps
    /// their number, must still go through, or nobody could ever take the set back under it.
    /// - Parameter current: the value this one replaces (nil: none, or unknown), against which
    ///   a tag set past its limit is judged.
    /// - Throws: `ChangeRejection.invalidValue` for a value of the wrong kind or out of range,
    ///   `.unknownEnumWord`, `.negativeMoney`, `.invalidDate` or `.invalidFormat`.
    public func normalized(_ value: FieldValue, replacing current: FieldValue? = nil) throws(ChangeRejection) -> FieldValue {
        switch (self, value) {
        case (.text(let maximumLength), .text(let text)):
            // Stored in one form (NFC, trimmed), so equal text is equal bytes on every replica.
            let canonical = CanonicalText.of(text)
            // A character takes at least one UTF-8 byte: short text needs no grapheme count.
            guard canonical.utf8.count <= maximumLength || canonical.count <= maximumLength else {
                throw .invalidValue(expected: description)
            }
            return canonical.utf8.elementsEqual(text.utf8) ? value : .text(canonical)
        case (.integer(let range), .integer(let number)) where range.contains(number):
            return value
        case (.real(let range), .real(let number)) where range.contains(number):
            return value
        case (.real(let range), .integer(let number)) where range.contains(Double(number)):
            return .real(Double(number))
        case (.money, .integer(let fen)):
            guard fen >= 0 else { throw .negativeMoney }
            return value
        case (.date, .text(let text)):
            guard let date = CivilDate(text), Self.dateYears.contains(date.year) else { throw .invalidDate }
            return value
        case (.boolean, .bool):
            return value
        case (.enumeration(let words), .text(let word)):
            guard words.contains(word) else { throw .unknownEnumWord(word: word, allowed: words) }
            return value
        case (.timestamp, .integer(let milliseconds)) where Self.timestampRange.contains(milliseconds):
            return value
        case (.reference, .text(let id)) where !id.isEmpty && id.count <= 64:
            return value
        case (.list(let element, let maximumCount), .list(let elements)) where elements.count <= maximumCount:
            var canonical: [FieldValue] = []
            canonical.reserveCapacity(elements.count)
            for item in elements {
                guard item != .null else { throw .invalidValue(expected: description) }
                canonical.append(try element.normalized(item))
            }
            return .list(canonical)
        case (.stage(let stages), .object):
            guard let stage = StageValue(value), stage.epoch >= 0 else { throw .invalidValue(expected: description) }
            guard stages.contains(stage.stage) else { throw .unknownEnumWord(word: stage.stage, allowed: stages) }
            return value
        case (.tagSet(let maximumTags), .object):
            // A blank tag is no tag (the laptop refuses one too).
            guard let set = ObservedRemoveSet(value), set.elements.allSatisfy({ $0.count <= 64 && !CanonicalText.of($0).isEmpty }) else {
                throw .invalidValue(expected: description)
            }
            let count = set.elements.count
            guard count <= maximumTags || count <= current.flatMap(ObservedRemoveSet.init)?.elements.count ?? 0 else {
                throw .invalidValue(expected: description)
            }
            return value
        case (.formatted(let format), .text(let text)):
            guard let canonical = format.normalize(text) else {
                throw .invalidFormat(code: format.rejectionCode, expected: format.expected)
            }
            return .text(canonical)
        case (.composite(let members), .object(let given)):
            guard Set(given.keys) == Set(members.keys) else { throw .invalidValue(expected: description) }
            var canonical: [String: FieldValue] = [:]
            for (name, member) in given {
                canonical[name] = member == .null ? .null : try members[name]!.normalized(member)
            }
            return .object(canonical)
        default:
            throw .invalidValue(expected: description)
        }
    }
}
