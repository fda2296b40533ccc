import Foundation
import OutpostProtocol

/// How admin commands print: aligned tables for people, JSON for scripts.
enum AdminOutput {
    /// Prints rows under a header, columns padded to their widest cell; what users typed
    /// (device names) cannot drive the terminal (`terminalSafe`).
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows.map { $0.map(\.terminalSafe) }
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces))
        }
    }

    /// Pretty, key-sorted JSON.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A time in ms since 1970 as ISO 8601 UTC.
    static func time(_ milliseconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
