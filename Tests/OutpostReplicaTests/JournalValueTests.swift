import Foundation
import OutpostCore
import OutpostProtocol
import Testing

/// The journal keeps values as `FieldValue.jsonText` (written directly for the common
/// kinds); the wire decoder must read back exactly the
/// value that was written, whatever characters a salesperson typed.
@Suite struct JournalValueTests {
    @Test(arguments: [
        FieldValue.null, .bool(true), .bool(false), .integer(0), .integer(-42), .integer(Int64.max), .integer(Int64.min),
        .real(1.5), .real(-0.1), .real(1e300),
        .text(""), .text("王妈妈"), .text("say \"hi\" \\ back/slash"), .text("line\nbreak\r\ttab"),
        .text("\u{0}\u{1}\u{1F}\u{7F}"), .text("emoji 👨‍👩‍👧 and é"), .text("1.0"), .text("true"), .text("null"),
    ])
    func aJournalledValueReadsBackUnchanged(value: FieldValue) throws {
        let text = value.jsonText
        #expect(try WireCoding.makeDecoder().decode(FieldValue.self, from: Data(text.utf8)) == value)
    }
}
