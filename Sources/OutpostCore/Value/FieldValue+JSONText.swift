import Foundation

extension FieldValue {
    /// The value as compact JSON text with sorted keys, as stores keep structured values
    /// (stages, tag sets, composites) in a text column.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a FieldValue cannot fail: every case maps to plain JSON.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// Reads JSON text written by `jsonText`; nil when the text is not JSON.
    public init?(jsonText: String) {
        guard let value = try? JSONDecoder().decode(FieldValue.self, from: Data(jsonText.utf8)) else { return nil }
        self = value
    }
}
