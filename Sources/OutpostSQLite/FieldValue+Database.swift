import Foundation
import GRDB
import OutpostCore

extension FieldValue {
    /// The value as it is stored in an entity column: scalars as themselves, lists and
    /// objects (stages, tag sets, composites) as compact JSON text.
    public var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .bool(let value): (value ? 1 : 0).databaseValue
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .list, .object: Self.jsonText(of: self).databaseValue
        }
    }

    /// Reads a column back as a value of the field's type.
    public init(databaseValue: DatabaseValue, type: FieldType) {
        switch (databaseValue.storage, type) {
        case (.null, _):
            self = .null
        case (.int64(let number), .boolean):
            self = .bool(number != 0)
        case (.int64(let number), _):
            self = .integer(number)
        case (.double(let number), _):
            self = .real(number)
        case (.string(let text), .stage), (.string(let text), .tagSet), (.string(let text), .composite):
            // Written by `databaseValue`; unreadable text would mean damage outside Outpost.
            self = (try? JSONDecoder().decode(FieldValue.self, from: Data(text.utf8))) ?? .null
        case (.string(let text), _):
            self = .text(text)
        case (.blob, _):
            // Entity columns never hold BLOBs; treat one as absent rather than guess.
            self = .null
        }
    }

    private static func jsonText(of value: FieldValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a FieldValue cannot fail: every case maps to plain JSON.
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
