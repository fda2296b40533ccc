import Foundation
import OutpostCore
@testable import outpost
import Testing

/// One row of the parser table: a field of `type`, the word typed, the field's current value,
/// and either the value written or the message shown, word for word.
struct ParserCase: Sendable, CustomTestStringConvertible {
    var type: FieldType
    var word: String
    var current: FieldValue? = nil
    var value: FieldValue? = nil
    var message: String? = nil

    var testDescription: String { word }
}

/// Reads typed text into each `FieldType` (issue #4): every case, good and bad input.
@Suite struct FieldValueParserTests {
    static let now: Int64 = 1_788_000_000_000
    static let leadID = RowID("019a0000-0000-7000-8000-00000000aaaa")
    static let digits = FieldFormat(name: "digits", expected: "digits only, spaces and dashes dropped", rejectionCode: "digits.invalid") { text in
        let kept = text.filter { $0 != " " && $0 != "-" }
        return !kept.isEmpty && kept.allSatisfy(\.isNumber) ? kept : nil
    }
    static let address = FieldType.composite(["text": .text(maximumLength: 200), "district_code": .text(maximumLength: 6)])
    static let stages = FieldType.stage(["initial_contact", "intent_confirmed", "negotiation", "won"])

    static var parser: FieldValueParser {
        FieldValueParser(
            now: now, timeZone: TimeZone(identifier: "Asia/Shanghai")!,
            resolveReference: { entity, text in
                guard entity == EntityName("lead") else { return .none }
                if text == "019a" { return .several }
                return leadID.rawValue.hasPrefix(text) || leadID.rawValue.hasSuffix(text) ? .one(leadID) : .none
            },
            makeAddID: { "add-new" })
    }

    static let cases: [ParserCase] = [
        // text
        ParserCase(type: .text(maximumLength: 5), word: "name=王女士", value: .text("王女士")),
        ParserCase(type: .text(maximumLength: 5), word: "name=abcdef",
                   message: "'abcdef' does not fit name, which takes text of at most 5 characters. Correct the value and run the command again."),
        ParserCase(type: .text(maximumLength: 5), word: "name=",
                   message: "name= has no value. Pass one, or empty the field with `outpost edit … --clear name`."),
        ParserCase(type: .text(maximumLength: 5), word: "name+=x",
                   message: "+= does not work on name: only tag sets take += and -=. Write name=VALUE."),
        // text is stored trimmed and in NFC (round 32: `e` + U+0301 and `é` are one value)
        ParserCase(type: .text(maximumLength: 5), word: "name=周女士  ", value: .text("周女士")),
        ParserCase(type: .text(maximumLength: 5), word: "name=cafe\u{301}", value: .text("caf\u{E9}")),
        ParserCase(type: .text(maximumLength: 5), word: "name=\u{200B}",
                   message: "name= has no value. Pass one, or empty the field with `outpost edit … --clear name`."),
        // integer
        ParserCase(type: .integer(range: 1900...2200), word: "year=2018", value: .integer(2018)),
        ParserCase(type: .integer(range: 1900...2200), word: "year=1800",
                   message: "'1800' does not fit year, which takes a whole number from 1900 to 2200. Correct the value and run the command again."),
        ParserCase(type: .integer(range: 1900...2200), word: "year=20x8",
                   message: "'20x8' does not fit year, which takes a whole number from 1900 to 2200. Correct the value and run the command again."),
        // money: fen as the field's name says and show prints it; yuan only with the unit
        ParserCase(type: .money, word: "amount_fen=1280000", value: .integer(1_280_000)),
        ParserCase(type: .money, word: "amount_fen=12800yuan", value: .integer(1_280_000)),
        ParserCase(type: .money, word: "amount_fen=12800.50元", value: .integer(1_280_050)),
        ParserCase(type: .money, word: "amount_fen=12800.5",
                   message: "'12800.5' does not fit amount_fen, which takes an amount in fen, a whole number such as 1280000 (= 12800 yuan), or in yuan with the unit: 12800yuan, 12800.50元 (not negative). Correct the value and run the command again."),
        ParserCase(type: .money, word: "amount_fen=-5",
                   message: "'-5' does not fit amount_fen, which takes an amount in fen, a whole number such as 1280000 (= 12800 yuan), or in yuan with the unit: 12800yuan, 12800.50元 (not negative). Correct the value and run the command again."),
        // boolean
        ParserCase(type: .boolean, word: "payer=yes", value: .bool(true)),
        ParserCase(type: .boolean, word: "payer=FALSE", value: .bool(false)),
        ParserCase(type: .boolean, word: "payer=no", value: .bool(false)),
        ParserCase(type: .boolean, word: "payer=maybe",
                   message: "'maybe' does not fit payer, which takes true, false, yes or no. Correct the value and run the command again."),
        // enumeration
        ParserCase(type: .enumeration(["A", "B", "C", "D"]), word: "intent_level=B", value: .text("B")),
        ParserCase(type: .enumeration(["A", "B", "C", "D"]), word: "intent_level=b", value: .text("B")),
        ParserCase(type: .enumeration(["A", "B", "C", "D"]), word: "intent_level=Z",
                   message: "'Z' does not fit intent_level, which takes one of A, B, C, D. Correct the value and run the command again."),
        // timestamp
        ParserCase(type: .timestamp, word: "at=now", value: .integer(now)),
        ParserCase(type: .timestamp, word: "at=1788228000000", value: .integer(1_788_228_000_000)),
        ParserCase(type: .timestamp, word: "at=2026-09-01T10:00+08:00", value: .integer(1_788_228_000_000)),
        ParserCase(type: .timestamp, word: "at=2026-09-01T02:00:00.5Z", value: .integer(1_788_228_000_500)),
        ParserCase(type: .timestamp, word: "at=2026-09-01 10:00", value: .integer(1_788_228_000_000)),
        // Full-width digits and colon read as ASCII (round 32: `１０:00` crashed the CLI).
        ParserCase(type: .timestamp, word: "at=2026-09-01 １０：００", value: .integer(1_788_228_000_000)),
        ParserCase(type: .timestamp, word: "at=２０２６-０９-０１ 1０:00", value: .integer(1_788_228_000_000)),
        ParserCase(type: .timestamp, word: "at=2026-02-30",
                   message: "'2026-02-30' does not fit at, which takes a time: now, ISO-8601 such as 2026-09-01T10:00+08:00 (no zone: this laptop's), or ms since 1970. Correct the value and run the command again."),
        ParserCase(type: .timestamp, word: "at=tomorrow",
                   message: "'tomorrow' does not fit at, which takes a time: now, ISO-8601 such as 2026-09-01T10:00+08:00 (no zone: this laptop's), or ms since 1970. Correct the value and run the command again."),
        // reference
        ParserCase(type: .reference(EntityName("lead")), word: "lead_id=\(leadID.rawValue)", value: .text(leadID.rawValue)),
        ParserCase(type: .reference(EntityName("lead")), word: "lead_id=00000000aaaa", value: .text(leadID.rawValue)),
        ParserCase(type: .reference(EntityName("lead")), word: "lead_id=ffff",
                   message: "lead_id=ffff: no lead on this laptop has an id starting or ending with it. `outpost list lead` shows the lead ids."),
        ParserCase(type: .reference(EntityName("lead")), word: "lead_id=019a",
                   message: "lead_id=019a: more than one lead id starts or ends with it; type more characters. `outpost list lead` shows the lead ids."),
        // stage
        ParserCase(type: stages, word: "stage=negotiation", value: StageValue(epoch: 0, stage: "negotiation").fieldValue),
        ParserCase(type: stages, word: "stage=Negotiation", current: StageValue(epoch: 2, stage: "initial_contact").fieldValue,
                   value: StageValue(epoch: 2, stage: "negotiation").fieldValue),
        ParserCase(type: stages, word: "stage=closing",
                   message: "'closing' does not fit stage, which takes one of initial_contact, intent_confirmed, negotiation, won. Correct the value and run the command again."),
        // formatted
        ParserCase(type: .formatted(digits), word: "code=139-0000 1111", value: .text("13900001111")),
        ParserCase(type: .formatted(digits), word: "code=abc",
                   message: "'abc' does not fit code, which takes digits only, spaces and dashes dropped. Correct the value and run the command again."),
        // tag set
        ParserCase(type: .tagSet(maximumTags: 3), word: "tags+=vip", value: ObservedRemoveSet().adding("vip", addID: "add-new").fieldValue),
        ParserCase(type: .tagSet(maximumTags: 3), word: "tags+=vip",
                   current: ObservedRemoveSet().adding("vip", addID: "add-old").fieldValue,
                   value: ObservedRemoveSet().adding("vip", addID: "add-old").adding("vip", addID: "add-new").fieldValue),
        ParserCase(type: .tagSet(maximumTags: 3), word: "tags=vip",
                   current: ObservedRemoveSet().adding("vip", addID: "add-old").adding("cold", addID: "add-2").fieldValue,
                   value: ObservedRemoveSet().adding("vip", addID: "add-old").adding("cold", addID: "add-2").removing("cold")
                       .adding("vip", addID: "add-new").fieldValue),
        ParserCase(type: .tagSet(maximumTags: 3), word: "tags-=cold",
                   current: ObservedRemoveSet().adding("cold", addID: "add-old").adding("vip", addID: "add-2").fieldValue,
                   value: ObservedRemoveSet().adding("cold", addID: "add-old").adding("vip", addID: "add-2").removing("cold").fieldValue),
        ParserCase(type: .tagSet(maximumTags: 3), word: "tags=trial,vip",
                   current: ObservedRemoveSet().adding("cold", addID: "add-old").fieldValue,
                   value: ObservedRemoveSet().adding("cold", addID: "add-old").removing("cold")
                       .adding("trial", addID: "add-new").adding("vip", addID: "add-new").fieldValue),
        ParserCase(type: .tagSet(maximumTags: 3), word: "tags+=vip，trial",
                   value: ObservedRemoveSet().adding("vip", addID: "add-new").adding("trial", addID: "add-new").fieldValue),
        ParserCase(type: .tagSet(maximumTags: 3), word: "tags+=a,b,c,d",
                   message: "'a,b,c,d' does not fit tags, which takes \(FieldType.tagSet(maximumTags: 3).description). Correct the value and run the command again."),
        ParserCase(type: .tagSet(maximumTags: 3), word: "tags+=",
                   message: "'' does not fit tags, which takes tags separated by commas, for example tags+=vip,trial. Correct the value and run the command again."),
        // composite
        ParserCase(type: address, word: "address.district_code=110108",
                   current: .object(["text": .text("海淀区中关村"), "district_code": .null]),
                   value: .object(["text": .text("海淀区中关村"), "district_code": .text("110108")])),
        ParserCase(type: address, word: "address.text=朝阳区",
                   value: .object(["text": .text("朝阳区"), "district_code": .null])),
        ParserCase(type: address, word: "address.text=",
                   current: .object(["text": .text("朝阳区"), "district_code": .text("110105")]),
                   value: .object(["text": .null, "district_code": .text("110105")])),
        ParserCase(type: address, word: "address.zip=100080",
                   message: "address has no member 'zip'. Write one of: address.district_code=…, address.text=…."),
        ParserCase(type: address, word: "address=海淀区",
                   message: "address= does not work on address: set its members one by one: address.district_code=… address.text=…"),
        ParserCase(type: address, word: "address.district_code=1101080",
                   message: "'1101080' does not fit address.district_code, which takes text of at most 6 characters. Correct the value and run the command again."),
        // A pasted page is not repeated whole: its start and its length say which value it was.
        ParserCase(type: .text(maximumLength: 100), word: "remark=" + String(repeating: "长", count: 3_000),
                   message: "'\(String(repeating: "长", count: 60))… (3000 characters)' does not fit remark, which takes text of at most 100 characters. Correct the value and run the command again."),
    ]

    @Test(arguments: cases)
    func typedTextBecomesTheFieldsValueOrAClearMessage(_ row: ParserCase) throws {
        let assignment = try FieldAssignment(parsing: row.word)
        let field = FieldSchema(assignment.field.rawValue, row.type)
        if let message = row.message {
            let error = #expect(throws: InputError.self) { try Self.parser.value(of: assignment, for: field, current: row.current) }
            #expect(error?.description == message)
        } else {
            let value = try Self.parser.value(of: assignment, for: field, current: row.current)
            #expect(value == row.value)
            // Byte for byte: Swift's == calls canonically equivalent text equal.
            #expect(value.textValue.map { Array($0.utf8) } == row.value?.textValue.map { Array($0.utf8) })
            #expect(row.type.accepts(value))
        }
    }

    @Test(arguments: ["intent_level", "=B", "tags+", ".text=x", "a b=c"])
    func wordsWithoutAFieldAndAnEqualsSignAreRefused(_ word: String) {
        #expect(throws: InputError.notAnAssignment(word: word)) { try FieldAssignment(parsing: word) }
    }

    @Test func assignmentsSplitIntoFieldMemberOperationAndText() throws {
        #expect(try FieldAssignment(parsing: "tags+=vip") == FieldAssignment(field: FieldName("tags"), operation: .add, text: "vip"))
        #expect(try FieldAssignment(parsing: "tags-=cold") == FieldAssignment(field: FieldName("tags"), operation: .remove, text: "cold"))
        #expect(try FieldAssignment(parsing: "address.text=a=b")
            == FieldAssignment(field: FieldName("address"), member: "text", operation: .set, text: "a=b"))
    }
}
