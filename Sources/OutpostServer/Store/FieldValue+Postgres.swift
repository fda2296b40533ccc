import OutpostCore
import PostgresNIO

extension FieldValue {
    /// Reads a PostgreSQL entity column back as a value of the field's type: the one decoder
    /// of `PostgresEntityTable`, also used by tools that read its tables directly.
    public init(postgresCell cell: PostgresCell, type: FieldType) throws {
        self = switch type {
        case .text, .enumeration, .reference, .formatted, .date:
            try cell.decode(String?.self).map(FieldValue.text) ?? .null
        case .stage, .tagSet, .composite, .list:
            try cell.decode(String?.self).flatMap { FieldValue(jsonText: $0) } ?? .null
        case .real:
            try cell.decode(Double?.self).map(FieldValue.real) ?? .null
        case .integer, .timestamp, .money:
            try cell.decode(Int64?.self).map(FieldValue.integer) ?? .null
        case .boolean:
            try cell.decode(Bool?.self).map(FieldValue.bool) ?? .null
        }
    }
}
