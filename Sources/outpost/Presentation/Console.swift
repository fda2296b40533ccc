import Foundation

/// Where the CLI writes: results and data to standard output, diagnostics and progress to
/// standard error, so `outpost lead list --json | jq` sees only data.
enum Console {
    /// Writes one line to standard error.
    static func diagnose(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints `value` as pretty-printed JSON with sorted keys on standard output.
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
