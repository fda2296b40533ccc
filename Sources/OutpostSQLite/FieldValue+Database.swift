import GRDB
import OutpostCore

extension FieldValue {
    /// The value as it is stored in an entity column: scalars as themselves, lists and
    /// objects (stages, tag sets, composites, lists) as compact JSON text.
    public var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .bool(let value): (value ? 1 : 0).databaseValue
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .list, .object: jsonText.databaseValue
        }
    }

    /// Reads a column back as a value of the field's type.
    public init(databaseValue: DatabaseValue, type: FieldType) {
        switch (databaseValue.storage, type) {
        case (.null, _):
            self = .null
        case (.int64(let number), .boolean):
            self = .bool(number != 0)
        case (.int64(let number), .real):
            self = .real(Double(number))
        case (.int64(let number), _):
            self = .integer(number)
        case (.double(let number), _):
            self = .real(number)
        case (.string(let text), .stage), (.string(let text), .tagSet), (.string(let text), .composite), (.string(let text), .list):
            // Written by `databaseValue`; unreadable text would mean damage outside Outpost.
            self = FieldValue(jsonText: text) ?? .null
        case (.string(let text), _):
            self = .text(text)
        case (.blob, _):
            // Entity columns never hold BLOBs; treat one as absent rather than guess.
            self = .null
        }
    }
}
