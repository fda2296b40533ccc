import Foundation
import OutpostCore

/// The JSON text a journal entry stores for its value (read back with the wire decoder).
///
/// Written by hand for the common kinds: a `JSONEncoder` per field of every local edit costs
/// more than the rest of the edit's bookkeeping. Real numbers and structured values keep the
/// encoder, whose output is the one that round-trips exactly.
enum JournalValue {
    static func json(_ value: FieldValue, encoder: JSONEncoder) throws -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .text(let text): return quoted(text)
        case .real, .list, .object: return String(decoding: try encoder.encode(value), as: UTF8.self)
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped (RFC 8259 §7).
    static func quoted(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        result += "\""
        return result
    }
}
