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

    /// A value as a cell: text as it is, a timestamp as ISO 8601 (UTC), a stage as its word, a
    /// tag set or a list as its items joined with `; `, a composite (an address) as its
    /// members that hold a value, `name: value` joined with `; ` (the text first, then by
    /// name), null empty, anything else as its JSON.
    static func cell(_ value: FieldValue?, type: FieldType?) -> String {
        guard let value, value != .null else { return "" }
        switch type {
        case .timestamp?:
            if let milliseconds = value.integerValue { return Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(.iso8601) }
        case .stage?:
            if let stage = StageValue(value)?.stage { return stage }
        case .tagSet?:
            if let set = ObservedRemoveSet(value) { return guarded(set.elements.sorted().joined(separator: "; ")) }
        case .list(let element, _)?:
            if let items = value.listValue { return guarded(items.map { cell($0, type: element) }.joined(separator: "; ")) }
        case .composite(let members)?:
            if let object = value.objectValue {
                let names = members.keys.sorted { ($0 == "text" || $0 == "address" ? 0 : 1, $0) < ($1 == "text" || $1 == "address" ? 0 : 1, $1) }
                let parts = names.compactMap { name -> String? in
                    guard let member = object[name], member != .null else { return nil }
                    return "\(name): \(cell(member, type: members[name]))"
                }
                return guarded(parts.joined(separator: "; "))
            }
        default:
            break
        }
        guard let text = value.textValue else { return value.jsonText }
        return guarded(text)
    }

    /// `text` with a leading `'` when a spreadsheet would run it as a formula.
    private static func guarded(_ text: String) -> String {
        text.first.map(formulaStarts.contains) == true ? "'" + text : text
    }

    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    private static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
