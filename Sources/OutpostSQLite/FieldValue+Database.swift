import GRDB
import OutpostCore

extension FieldValue {
    /// The value as it is stored in an entity column.
    public var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .bool(let value): (value ? 1 : 0).databaseValue
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        }
    }

    /// Reads a column back as a value of the field's type.
    public init(databaseValue: DatabaseValue, type: FieldType) {
        switch databaseValue.storage {
        case .null:
            self = .null
        case .int64(let number):
            if case .boolean = type { self = .bool(number != 0) } else { self = .integer(number) }
        case .double(let number):
            self = .real(number)
        case .string(let text):
            self = .text(text)
        case .blob:
            // Entity columns never hold BLOBs; treat one as absent rather than guess.
            self = .null
        }
    }
}
