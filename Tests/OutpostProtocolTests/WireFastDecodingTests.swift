import Foundation
import OutpostCore
@testable import OutpostProtocol
import Testing

/// The direct reader of pull pages and pushes must agree with `JSONDecoder` on every input:
/// the same message when both decode it, an error when `JSONDecoder` refuses it; the direct
/// writer of pages must write `JSONEncoder`'s bytes. And both must actually take the plain
/// messages (or they are only a slower detour).
@Suite struct WireFastDecodingTests {
    private static let texts = ["王妈妈", "", "a\"quote", "back\\slash", "line\nbreak", "tab\t", "\u{1}", "slash/", "👨‍👩‍👧", "1.0", "null", "  spaced  "]
    private static let values: [FieldValue] = [
        .null, .bool(true), .bool(false), .integer(0), .integer(-7), .integer(Int64.max), .integer(Int64.min),
        .real(1.5), .real(-2.25e-7), .real(1e300),
        .list([]), .list([.text("vip"), .text("周末班")]), .object([:]), .object(["epoch": .integer(2), "stage": .text("won")]),
        .list([.object(["a_1": .list([.null, .bool(true)])]), .text("q\"uote")]), .list([.real(0.5)]), .object(["Upper": .integer(1)]),
    ] + texts.map { FieldValue.text($0) }

    @Test func everyGeneratedPageAndPushDecodesAsJSONDecoderDecodesIt() throws {
        var random = SystemRandomNumberGenerator()
        var fastPages = 0
        for round in 0..<300 {
            let page = makePage(rows: round % 7, random: &random)
            let data = try WireCoding.makeEncoder().encode(page)
            #expect(try WireCoding.decode(PullPage.self, from: data) == (try JSONDecoder().decode(PullPage.self, from: data)))
            if WireFastDecoding.pullPage(data) != nil { fastPages += 1 }

            let push = makePush(changes: round % 5, random: &random)
            let pushData = try WireCoding.makeEncoder().encode(push)
            #expect(try WireCoding.decode(PushRequest.self, from: pushData) == (try JSONDecoder().decode(PushRequest.self, from: pushData)))
        }
        #expect(fastPages > 0)
    }

    @Test func theDirectWriterWritesTheEncodersBytes() throws {
        var random = SystemRandomNumberGenerator()
        var written = 0
        for round in 0..<300 {
            let page = makePage(rows: round % 7, random: &random)
            let expected = Array(try WireCoding.makeEncoder().encode(page))
            if let bytes = WireFastEncoding.pullPage(page) {
                #expect(bytes == expected)
                written += 1
            }
        }
        #expect(written > 0)
    }

    @Test func pushesAndAnswersAreWrittenAsTheEncoderWritesThemAndReadAsJSONDecoderReadsThem() throws {
        var random = SystemRandomNumberGenerator()
        var writtenPushes = 0, writtenAnswers = 0
        for round in 0..<300 {
            let push = makePush(changes: round % 5, random: &random)
            let pushBytes = Array(try WireCoding.makeEncoder().encode(push))
            if let bytes = WireFastEncoding.pushRequest(push) {
                #expect(bytes == pushBytes)
                writtenPushes += 1
            }
            #expect(Array(try WireCoding.encode(push)) == pushBytes)

            let answer = makeAnswer(results: round % 4, random: &random)
            let answerBytes = try WireCoding.makeEncoder().encode(answer)
            if let bytes = WireFastEncoding.pushResponse(answer) {
                #expect(bytes == Array(answerBytes))
                writtenAnswers += 1
            }
            #expect(try WireCoding.encode(answer) == answerBytes)
            expectSameOutcome(PushResponse.self, answerBytes)
        }
        #expect(writtenPushes > 0 && writtenAnswers > 0)
        let commandPush = PushRequest(deviceID: DeviceID("d"), changes: [],
                                      commands: [PushCommand(sequence: 1, id: RowID("cmd-1"), name: CommandName("claim"), entity: EntityName("lead"), rowID: RowID("r"),
                                                             arguments: [:], clock: clock(1))])
        #expect(WireFastEncoding.pushRequest(commandPush) == nil, "commands go through JSONEncoder")
    }

    @Test(arguments: [
        // Unusual but valid: whitespace, key order, explicit nulls, unknown keys, a current version.
        #"{ "results" : [ { "status" : "applied" , "sequence" : 1 } ] , "logPosition" : "c1.4" }"#,
        #"{"logPosition":"c1.4","results":[{"code":null,"sequence":2,"status":"applied"}]}"#,
        #"{"logPosition":"c1.4","results":[{"sequence":2,"status":"applied","extra":1}],"more":true}"#,
        #"{"logPosition":"c1.4","results":[{"currentVersion":{"author":"u","clock":"5.0@d","value":"x"},"sequence":2,"status":"superseded"}]}"#,
        // Invalid: an unknown status, a missing sequence, a duplicate key, not an object.
        #"{"logPosition":"c1.4","results":[{"sequence":2,"status":"lost"}]}"#,
        #"{"logPosition":"c1.4","results":[{"status":"applied"}]}"#,
        #"{"logPosition":"c1.4","logPosition":"c1.5","results":[]}"#,
        #"[1]"#,
    ])
    func unusualAnswersDecodeExactlyAsJSONDecoderDecodesThem(json: String) {
        expectSameOutcome(PushResponse.self, Data(json.utf8))
    }

    @Test func plainMessagesTakeTheDirectReader() throws {
        let page = PullPage(rows: [PulledRow(entity: EntityName("lead"), id: RowID("r1"), fields: [
            "contact_name": WireFieldVersion(FieldVersion(value: .text("王妈妈"), clock: clock(1), author: UserID("u-wang"))),
            "created_at": WireFieldVersion(FieldVersion(value: .integer(1_764_038_400_000), clock: clock(2), author: UserID("u-wang"))),
            "deleted": WireFieldVersion(FieldVersion(value: .bool(false), clock: clock(3), author: UserID("u-wang"))),
            "wechat_id": WireFieldVersion(FieldVersion(value: .null, clock: clock(4), author: UserID("u-wang"))),
        ])], nextCursor: PullCursor(rawValue: "c2.9.0"), hasMore: true)
        let data = try WireCoding.makeEncoder().encode(page)
        #expect(WireFastDecoding.pullPage(data) == page)
        #expect(WireFastEncoding.pullPage(page) == Array(data))
        let push = PushRequest(deviceID: DeviceID("d1"), changes: [
            PushChange(sequence: 1, entity: EntityName("lead"), rowID: RowID("r1"), field: FieldName("remark"), value: .text("周末"),
                       clock: clock(5), base: nil),
            PushChange(sequence: 2, entity: EntityName("lead"), rowID: RowID("r1"), field: FieldName("remark"), value: .null,
                       clock: clock(6), base: clock(5)),
        ])
        #expect(WireFastDecoding.pushRequest(try WireCoding.makeEncoder().encode(push)) == push)
        let answer = PushResponse(results: [
            PushResult(sequence: 1, status: .applied),
            PushResult(sequence: 2, status: .superseded, storedClock: clock(7), conflictID: "c-1"),
            PushResult(sequence: 3, status: .rejected, code: ErrorCode(rawValue: "validation.mobile"), message: "手机号不对 \"138\""),
        ], logPosition: PullCursor(rawValue: "c1.42"))
        #expect(WireFastDecoding.pushResponse(try WireCoding.makeEncoder().encode(answer)) == answer)
        #expect(WireFastEncoding.pushResponse(answer) != nil)
    }

    @Test(arguments: [
        // Unusual but valid: whitespace, key order, explicit null base, "1.0" as a sequence, -0.
        #"{ "changes" : [ { "base" : null , "value" : -0 , "clock" : "5.0@d" , "field" : "f" , "rowID" : "r" , "entity" : "lead" , "sequence" : 1.0 } ] , "deviceID" : "d" }"#,
        #"{"deviceID":"d","changes":[{"sequence":1,"entity":"lead","rowID":"r","field":"f","value":"a\u0041\/","clock":"5.0@d"}]}"#,
        #"{"deviceID":"d","changes":[{"sequence":9223372036854775807,"entity":"lead","rowID":"r","field":"f","value":9223372036854775808,"clock":"5.0@d"}]}"#,
        // Refused: unknown key, duplicate key, missing value, bad clock, leading zero, trailing junk, not an object.
        #"{"deviceID":"d","changes":[],"extra":1}"#,
        #"{"deviceID":"d","deviceID":"e","changes":[]}"#,
        #"{"deviceID":"d","changes":[{"sequence":1,"entity":"lead","rowID":"r","field":"f","clock":"5.0@d"}]}"#,
        #"{"deviceID":"d","changes":[{"sequence":1,"entity":"lead","rowID":"r","field":"f","value":1,"clock":"5.0"}]}"#,
        #"{"deviceID":"d","changes":[{"sequence":01,"entity":"lead","rowID":"r","field":"f","value":1,"clock":"5.0@d"}]}"#,
        #"{"deviceID":"d","changes":[]} x"#,
        #"[]"#,
        "{\"deviceID\":\"d\u{1}\",\"changes\":[]}",
    ])
    func unusualPushesDecodeExactlyAsJSONDecoderDecodesThem(json: String) {
        expectSameOutcome(PushRequest.self, Data(json.utf8))
    }

    @Test(arguments: [
        #"{"rows":[],"nextCursor":"c1.0","hasMore":false,"extra":true}"#,
        #"{"rows":[{"entity":"lead","id":"r","fields":{"a":[1,"5.0@d","u"],"a":[2,"6.0@d","u"]}}],"nextCursor":"c1.0","hasMore":false}"#,
        #"{"rows":[{"entity":"lead","id":"r","fields":{"a":[1.5e3,"5.0@d","u","more"]}}],"nextCursor":"c1.0","hasMore":false}"#,
        #"{"rows":[{"entity":"lead","id":"r","fields":{"a":[true,"5.0@d","u"]}}],"nextCursor":"c1.0","hasMore":1}"#,
        #"{"rows":[{"entity":"lead","id":"r","fields":{}}],"hasMore":false}"#,
    ])
    func unusualPagesDecodeExactlyAsJSONDecoderDecodesThem(json: String) {
        expectSameOutcome(PullPage.self, Data(json.utf8))
    }

    @Test(arguments: [
        [0xC3, 0x28] as [UInt8],           // a lead byte without its continuation
        [0xF0, 0x9F, 0x98],                 // a cut 4-byte sequence: repaired, it is 3 bytes again
        [0xE7, 0x8E, 0x8B, 0xFF],           // 王 then a byte that is never UTF-8
        [0xED, 0xA0, 0x80],                 // an encoded surrogate
    ])
    func invalidUTF8IsLeftToJSONDecoder(invalid: [UInt8]) {
        var bytes = Array(#"{"rows":[],"nextCursor":"c1."#.utf8)
        bytes += invalid
        bytes += Array(#"","hasMore":false}"#.utf8)
        #expect(WireFastDecoding.pullPage(Data(bytes)) == nil)
        expectSameOutcome(PullPage.self, Data(bytes))
    }

    @Test func validNonASCIITextIsReadAsItIs() throws {
        let json = #"{"hasMore":false,"nextCursor":"c1.王妈妈·é\#u{301}😀","rows":[]}"#
        let page = try #require(WireFastDecoding.pullPage(Data(json.utf8)))
        #expect(page.nextCursor.rawValue.utf8.elementsEqual("c1.王妈妈·é\u{301}😀".utf8))
        expectSameOutcome(PullPage.self, Data(json.utf8))
    }

    // MARK: - Private

    private func expectSameOutcome<M: Decodable & Equatable>(_ type: M.Type, _ data: Data, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = Result { try JSONDecoder().decode(type, from: data) }
        let actual = Result { try WireCoding.decode(type, from: data) }
        if case .failure(let error as DuplicateKeyError) = actual {
            // Refused on purpose where JSONDecoder keeps one of the two values: only for a key
            // that is there twice.
            #expect(String(decoding: data, as: UTF8.self).components(separatedBy: "\"\(error.key)\"").count > 2, sourceLocation: sourceLocation)
            return
        }
        switch (expected, actual) {
        case let (.success(left), .success(right)): #expect(left == right, sourceLocation: sourceLocation)
        case (.failure, .failure): break
        default: Issue.record("JSONDecoder: \(expected), WireCoding.decode: \(actual)", sourceLocation: sourceLocation)
        }
    }

    private func clock(_ counter: UInt32) -> HLCTimestamp {
        HLCTimestamp(wallMilliseconds: 1_764_038_400_000, counter: counter, deviceID: DeviceID("0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b"))
    }

    private func makePage(rows: Int, random: inout SystemRandomNumberGenerator) -> PullPage {
        PullPage(rows: (0..<rows).map { index in
            var fields: [String: WireFieldVersion] = [:]
            for name in ["contact_name", "mobile", "remark", "created_at"].shuffled(using: &random).prefix(Int.random(in: 0...4, using: &random)) {
                fields[name] = WireFieldVersion(FieldVersion(value: Self.values.randomElement(using: &random)!,
                                                             clock: clock(UInt32(index)), author: UserID("u-\(index)")))
            }
            return PulledRow(entity: EntityName("lead"), id: RowID("row-\(index)"), fields: fields)
        }, nextCursor: PullCursor(rawValue: "c1.\(rows)"), hasMore: Bool.random(using: &random))
    }

    private func makeAnswer(results: Int, random: inout SystemRandomNumberGenerator) -> PushResponse {
        PushResponse(results: (0..<results).map { index in
            switch Int.random(in: 0..<4, using: &random) {
            case 0: PushResult(sequence: Int64(index + 1), status: .applied)
            case 1: PushResult(sequence: Int64(index + 1), status: .applied, storedClock: clock(UInt32(index)))
            case 2: PushResult(sequence: Int64(index + 1), status: .superseded, conflictID: Self.texts.randomElement(using: &random)!,
                               currentVersion: Bool.random(using: &random)
                                   ? WireFieldVersion(FieldVersion(value: Self.values.randomElement(using: &random)!, clock: clock(9), author: UserID("u")))
                                   : nil)
            default: PushResult(sequence: Int64(index + 1), status: .rejected, code: ErrorCode(rawValue: "validation.mobile"),
                                message: Self.texts.randomElement(using: &random)!,
                                aliases: Bool.random(using: &random) ? ["p1": "r1"] : nil)
            }
        }, logPosition: PullCursor(rawValue: "c1.\(results)"))
    }

    private func makePush(changes: Int, random: inout SystemRandomNumberGenerator) -> PushRequest {
        PushRequest(deviceID: DeviceID("device"), changes: (0..<changes).map { index in
            PushChange(sequence: Int64(index + 1), entity: EntityName("lead"), rowID: RowID(Self.texts.randomElement(using: &random)!),
                       field: FieldName("remark"), value: Self.values.randomElement(using: &random)!,
                       clock: clock(UInt32(index)), base: Bool.random(using: &random) ? clock(99) : nil)
        })
    }
}
