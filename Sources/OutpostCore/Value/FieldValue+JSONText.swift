import Foundation

extension FieldValue {
    /// The value as compact JSON text with sorted keys, as stores keep structured values
    /// (stages, tag sets, composites) in a text column. Written directly when it can be
    /// (`JSONByteWriter`), else by `JSONEncoder`: the same text either way.
    public var jsonText: String {
        var bytes: [UInt8] = []
        if JSONByteWriter.append(self, to: &bytes) { return String(decoding: bytes, as: UTF8.self) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a FieldValue cannot fail: every case maps to plain JSON.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// Reads JSON text written by `jsonText`; nil when the text is not JSON. Read directly
    /// when it can be (`JSONByteReader`), else by `JSONDecoder`: the same value either way.
    public init?(jsonText: String) {
        var text = jsonText
        let direct = text.withUTF8 { bytes in
            var reader = JSONByteReader(bytes)
            return try? reader.document { (reader: inout JSONByteReader) throws(JSONByteReader.Unsupported) in try reader.fieldValue() }
        }
        if let direct {
            self = direct
            return
        }
        guard let value = try? JSONDecoder().decode(FieldValue.self, from: Data(jsonText.utf8)) else { return nil }
        self = value
    }
}
