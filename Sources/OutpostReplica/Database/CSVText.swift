import Foundation
import OutpostCore

/// RFC 4180 text: a cell with a comma, quote or line break is quoted, quotes doubled. A text
/// cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, so a contact name typed as `=HYPERLINK(…)` stays text
/// (OWASP "CSV injection").
enum CSVText {
    /// One line, ending in CRLF.
    static func line(_ cells: [String]) -> String {
        cells.map(quoted).joined(separator: ",") + "\r\n"
    }

    /// A value as a cell: text as it is, a timestamp as ISO 8601 (UTC), a stage as its word,
    /// null empty, anything else as its JSON.
    static func cell(_ value: FieldValue?, type: FieldType?) -> String {
        guard let value, value != .null else { return "" }
        switch type {
        case .timestamp?:
            if let milliseconds = value.integerValue { return Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(.iso8601) }
        case .stage?:
            if let stage = StageValue(value)?.stage { return stage }
        default:
            break
        }
        guard let text = value.textValue else { return value.jsonText }
        return text.first.map(formulaStarts.contains) == true ? "'" + text : text
    }

    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    private static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
