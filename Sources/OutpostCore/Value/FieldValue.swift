/// The value of one field: what a change carries and what a row holds.
///
/// Encodes as the plain JSON value (`null`, `true`, `42`, `1.5`, `"text"`, `[…]`, `{…}`), so
/// messages stay readable. Lists and objects carry structured values: a stage with its reopen
/// epoch, an observed-remove tag set, an address with its district. Which kinds a field
/// accepts is the schema's business (`FieldType`).
public enum FieldValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case real(Double)
    case text(String)
    case list([FieldValue])
    case object([String: FieldValue])

    /// A short word for the kind of value, used in error messages ("text", "integer", ...).
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .real: "number"
        case .text: "text"
        case .list: "list"
        case .object: "object"
        }
    }

    /// The members, when this is an object value.
    public var objectValue: [String: FieldValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements, when this is a list value.
    public var listValue: [FieldValue]? {
        if case .list(let elements) = self { return elements }
        return nil
    }

    /// The text, when this is a text value.
    public var textValue: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The integer, when this is an integer value.
    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The boolean, when this is a boolean value.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

extension FieldValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Text first: most fields are text, and every failed attempt throws (a costly error
        // value). A JSON string decodes only as String and String only from a JSON string, so
        // the order of the others is what tells `1` (integer) from `1.5` (real).
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .text(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .real(value)
        } else if let value = try? container.decode([FieldValue].self) {
            self = .list(value)
        } else if let value = try? container.decode([String: FieldValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "A field value must be null, a boolean, a number, a string, a list or an object.")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .real(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension FieldValue: CustomStringConvertible {
    /// The value as a person reads it: text without quotes, `null` as "—".
    public var description: String {
        switch self {
        case .null: "—"
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): value
        case .list(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .object(let members): "{" + members.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
