import Foundation
import OutpostCore
import Testing

/// The direct JSON reader and writer of field values (stored in text columns, sent in every
/// page) must agree with `JSONEncoder` and `JSONDecoder` on every value: the same text, the
/// same value back, and they must actually take the common values.
@Suite struct FieldValueJSONTests {
    private static let texts = ["王妈妈", "", "a\"quote", "back\\slash", "line\nbreak", "tab\t", "\u{1}", "slash/", "👨‍👩‍👧",
                                "1.0", "null", "  spaced  ", "\u{7F}", "\u{2028}"]
    private static let scalars: [FieldValue] = [
        .null, .bool(true), .bool(false), .integer(0), .integer(-7), .integer(Int64.max), .integer(Int64.min),
        .real(1.5), .real(-2.25e-7),
    ] + texts.map { FieldValue.text($0) }

    private static func encoded(_ value: FieldValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func randomValue(depth: Int, random: inout SystemRandomNumberGenerator) -> FieldValue {
        switch Int.random(in: 0..<(depth > 2 ? 1 : 4), using: &random) {
        case 1: return .list((0..<Int.random(in: 0..<4, using: &random)).map { _ in randomValue(depth: depth + 1, random: &random) })
        case 2:
            let keys = ["stage", "epoch", "a_1", "z", "Upper", "b"]
            return .object(Dictionary((0..<Int.random(in: 0..<4, using: &random)).map { _ in
                (keys.randomElement(using: &random)!, randomValue(depth: depth + 1, random: &random))
            }, uniquingKeysWith: { first, _ in first }))
        default: return scalars.randomElement(using: &random)!
        }
    }

    @Test func theWriterWritesTheEncodersTextAndTheReaderReadsItBack() throws {
        var random = SystemRandomNumberGenerator()
        var direct = 0
        for _ in 0..<2_000 {
            let value = Self.randomValue(depth: 0, random: &random)
            let expected = try Self.encoded(value)
            var bytes: [UInt8] = []
            if JSONByteWriter.append(value, to: &bytes) {
                #expect(String(decoding: bytes, as: UTF8.self) == expected, "\(value)")
                direct += 1
            }
            #expect(value.jsonText == expected)
            #expect(FieldValue(jsonText: expected) == (try JSONDecoder().decode(FieldValue.self, from: Data(expected.utf8))))
        }
        #expect(direct > 500)
    }

    @Test(arguments: [
        #"["a\u0041\/\b\f\n\r\t\"\\", "\u4e2d"]"#, #"{"stage":"won","epoch":3}"#, #" [ 1 , { } , [ ] ] "#, #"{"a":1,"a":2}"#,
        #"[1.5]"#, #""\ud83d\ude00""#, #""\ud800""#, #"[01]"#, #"[1,]"#, #"{"a" 1}"#, #"nul"#, #""a"#, #"[1] x"#, "\"\u{1}\"",
    ])
    func theReaderAgreesWithJSONDecoder(_ text: String) throws {
        let expected = try? JSONDecoder().decode(FieldValue.self, from: Data(text.utf8))
        #expect(FieldValue(jsonText: text) == expected)
    }

    @Test func deepNestingIsLeftToJSONDecoder() throws {
        for depth in [31, 33, 10_000] {
            let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            #expect(FieldValue(jsonText: text) == (try? JSONDecoder().decode(FieldValue.self, from: Data(text.utf8))), "depth \(depth)")
        }
    }

    @Test func commonStructuredValuesTakeTheDirectPath() throws {
        func direct(_ text: String) -> FieldValue? {
            var text = text
            return text.withUTF8 { bytes in
                var reader = JSONByteReader(bytes)
                return try? reader.document { (reader: inout JSONByteReader) throws(JSONByteReader.Unsupported) in try reader.fieldValue() }
            }
        }
        #expect(direct(#"{"epoch":2,"stage":"试听"}"#) == .object(["epoch": .integer(2), "stage": .text("试听")]))
        #expect(direct(#"["vip", ["周末\"班", {}]]"#) == .list([.text("vip"), .list([.text("周末\"班"), .object([:])])]))
        #expect(direct(#"[1.5]"#) == nil)
        var bytes: [UInt8] = []
        #expect(JSONByteWriter.append(.list([.text("vip"), .text("周末\"班")]), to: &bytes))
        #expect(String(decoding: bytes, as: UTF8.self) == #"["vip","周末\"班"]"#)
    }

    @Test func integersAreSpelledAsStringDoes() {
        var random = SystemRandomNumberGenerator()
        let edges: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1, 1_764_038_400_000]
        for number in edges + (0..<1_000).map({ _ in Int64.random(in: .min ... .max, using: &random) >> Int.random(in: 0..<63, using: &random) }) {
            var bytes: [UInt8] = [UInt8(ascii: "[")]   // appended to what is already there
            JSONByteWriter.appendInteger(number, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "[" + String(number), "\(number)")
        }
    }

    @Test func aStringIsCopiedWholeOnlyWhenNothingInItNeedsEscaping() {
        for text in Self.texts + [String(repeating: "长", count: 300), "ends with a quote\"", "\\starts with a backslash"] {
            var bytes: [UInt8] = []
            let written = JSONByteWriter.appendString(text, to: &bytes)
            #expect(written == !text.unicodeScalars.contains { $0.value < 0x20 }, "\(text.debugDescription)")
            if written {
                let decoded = try? JSONDecoder().decode(String.self, from: Data(bytes))
                #expect(decoded == text, "\(text.debugDescription)")
            }
        }
    }
}
