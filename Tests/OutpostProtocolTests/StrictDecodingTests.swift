import Foundation
import OutpostCore
import OutpostProtocol
import Testing

/// Requests are decoded strictly: a field this version does not define, a missing `value` or
/// a clock that is not a clock is refused rather than half-understood (spec: "Requests").
@Suite struct StrictDecodingTests {
    @Test(arguments: StrictCase.all)
    func requestWithAnUnknownFieldIsRefused(_ strictCase: StrictCase) throws {
        // The same body without the extra field decodes: the refusal is about that field.
        try strictCase.decode(strictCase.valid)
        let error = try #require(throws: DecodingError.self) { try strictCase.decode(strictCase.withUnknownField) }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("Expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.debugDescription == "Unknown field '\(strictCase.unknownField)'.")
    }

    /// A key written twice in one object is refused, in any message and at any depth; the same
    /// text as a value, or the same key in two objects, is not a repeat.
    @Test func aKeyWrittenTwiceInOneObjectIsRefused() throws {
        #expect(throws: DuplicateKeyError(key: "cursor")) {
            try WireCoding.decode(PullRequest.self, from: Data(#"{"cursor":null,"limit":10,"cursor":"c1.1.0"}"#.utf8))
        }
        #expect(throws: DuplicateKeyError(key: "limit")) {
            try WireCoding.decode(PullRequest.self, from: Data(#"{"limit":10,"li\u006dit":5}"#.utf8))
        }
        let fine = try WireCoding.decode(PullRequest.self, from: Data(#"{"limit":10,"cursor":"limit"}"#.utf8))
        #expect(fine.limit == 10)
        let nested = Data(#"{"a":[{"k":1},{"k":2}],"b":{"k":"k","\"":1,"x":[{"k":3,"k":4}]}}"#.utf8)
        #expect(throws: DuplicateKeyError(key: "k")) { try WireCoding.decode([String: FieldValue].self, from: nested) }
    }

    @Test func pushChangeWithoutValueIsRefused() throws {
        let missing = #"{"sequence":1,"entity":"lead","rowID":"019ab8e1-d800-7abc-9def-0123456789ab","field":"remark","clock":"1764038400000.0@w1-3f2a"}"#
        let error = try #require(throws: DecodingError.self) {
            try WireCoding.makeDecoder().decode(PushChange.self, from: Data(missing.utf8))
        }
        guard case .keyNotFound(let key, _) = error else {
            Issue.record("Expected keyNotFound, got \(error)")
            return
        }
        #expect(key.stringValue == "value")
    }

    @Test func pushChangeWithExplicitNullValueClearsTheField() throws {
        let cleared = #"{"sequence":1,"entity":"lead","rowID":"019ab8e1-d800-7abc-9def-0123456789ab","field":"remark","value":null,"clock":"1764038400000.0@w1-3f2a"}"#
        let change = try WireCoding.makeDecoder().decode(PushChange.self, from: Data(cleared.utf8))
        #expect(change.value == .null)
        #expect(change.base == nil)
    }

    @Test(arguments: [
        "", "w1-3f2a", "1764038400000@w1-3f2a", "1764038400000.0", "1764038400000.0@",
        "-1.0@w1-3f2a", "abc.0@w1-3f2a", "1764038400000.x@w1-3f2a", "1764038400000.4294967296@w1-3f2a",
        "1764038400000.0.1@w1-3f2a", ".0@w1-3f2a", "1764038400000.@w1-3f2a",
    ])
    func textThatIsNotAClockIsRefused(_ text: String) throws {
        let json = try WireCoding.makeEncoder().encode([text])
        #expect(throws: DecodingError.self) { try WireCoding.makeDecoder().decode([HLCTimestamp].self, from: json) }
    }

    @Test func clockTravelsAsItsCompactText() throws {
        let json = Data(#"["1764038400000.2@w1-3f2a"]"#.utf8)
        let clock = try #require(try WireCoding.makeDecoder().decode([HLCTimestamp].self, from: json).first)
        #expect(clock == HLCTimestamp(wallMilliseconds: 1_764_038_400_000, counter: 2, deviceID: DeviceID("w1-3f2a")))
        #expect(try WireCoding.makeEncoder().encode([clock]) == json)
    }

    @Test(arguments: [
        (FieldValue.null, "null"),
        (.bool(true), "true"),
        (.bool(false), "false"),
        (.integer(0), "0"),
        (.integer(-42), "-42"),
        (.integer(1_764_038_400_000), "1764038400000"),
        (.integer(.max), "9223372036854775807"),
        (.real(1.5), "1.5"),
        (.real(-0.25), "-0.25"),
        (.text(""), #""""#),
        (.text("王妈妈"), #""王妈妈""#),
        (.text("13812345678"), #""13812345678""#),
        (.text("true"), #""true""#),
    ])
    func fieldValueTravelsAsPlainJSON(_ value: FieldValue, _ json: String) throws {
        let encoded = try WireCoding.makeEncoder().encode([value])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\(json)]")
        #expect(try WireCoding.makeDecoder().decode([FieldValue].self, from: encoded) == [value])
    }

    @Test func wholeNumberReadsAsInteger() throws {
        // Spec "Field values": a number with no fractional part is an integer, however written.
        let decoded = try WireCoding.makeDecoder().decode([FieldValue].self, from: Data("[2.0, 1764038400000]".utf8))
        #expect(decoded == [.integer(2), .integer(1_764_038_400_000)])
    }

    @Test func arraysAndObjectsAreStructuredValues() throws {
        // Spec "Field values": stages, tag sets and composites travel as arrays and objects.
        let json = #"[[1, "a"], {"epoch": 1, "stage": "商务洽谈"}]"#
        let decoded = try WireCoding.makeDecoder().decode([FieldValue].self, from: Data(json.utf8))
        #expect(decoded == [.list([.integer(1), .text("a")]), .object(["epoch": .integer(1), "stage": .text("商务洽谈")])])
        let again = try WireCoding.makeDecoder().decode([FieldValue].self, from: WireCoding.makeEncoder().encode(decoded))
        #expect(again == decoded)
    }
}

/// A request body that decodes, and the same body with one field the message does not define.
struct StrictCase: Sendable, CustomTestStringConvertible {
    static let all: [StrictCase] = [
        StrictCase(PushRequest.self, unknownField: "force",
                   valid: #"{"deviceID":"w1-3f2a","changes":[]}"#,
                   withUnknownField: #"{"deviceID":"w1-3f2a","changes":[],"force":true}"#),
        StrictCase(PushRequest.self, label: "PushChange", unknownField: "author",
                   valid: #"{"deviceID":"w1-3f2a","changes":[{"sequence":1,"entity":"lead","rowID":"019ab8e1-d800-7abc-9def-0123456789ab","field":"mobile","value":"13812345678","clock":"1764038400000.0@w1-3f2a"}]}"#,
                   withUnknownField: #"{"deviceID":"w1-3f2a","changes":[{"sequence":1,"entity":"lead","rowID":"019ab8e1-d800-7abc-9def-0123456789ab","field":"mobile","value":"13812345678","clock":"1764038400000.0@w1-3f2a","author":"u-wang"}]}"#),
        StrictCase(PullRequest.self, unknownField: "since",
                   valid: #"{"cursor":"c1-48180","limit":500}"#,
                   withUnknownField: #"{"cursor":"c1-48180","limit":500,"since":0}"#),
        StrictCase(HandshakeRequest.self, unknownField: "deviceName",
                   valid: #"{"supportedVersions":{"minimum":1,"maximum":1},"deviceID":"w1-3f2a","schemaFingerprint":"d6412e000df1a14c","clientTime":1764038400000}"#,
                   withUnknownField: #"{"supportedVersions":{"minimum":1,"maximum":1},"deviceID":"w1-3f2a","schemaFingerprint":"d6412e000df1a14c","clientTime":1764038400000,"deviceName":"王老师的笔记本"}"#),
        StrictCase(IngestRequest.self, label: "IngestLead", unknownField: "ownerID",
                   valid: #"{"leads":[{"values":{"contact_name":"网页家长"},"teamID":"ou-hd-t1"}]}"#,
                   withUnknownField: #"{"leads":[{"values":{"contact_name":"网页家长"},"teamID":"ou-hd-t1","ownerID":"u-wang"}]}"#),
    ]

    let label: String
    let unknownField: String
    let valid: String
    let withUnknownField: String
    private let decodeBody: @Sendable (Data) throws -> Void

    init<Message: Decodable>(_ type: Message.Type, label: String? = nil, unknownField: String, valid: String, withUnknownField: String) {
        self.label = label ?? String(describing: type)
        self.unknownField = unknownField
        self.valid = valid
        self.withUnknownField = withUnknownField
        decodeBody = { _ = try WireCoding.makeDecoder().decode(Message.self, from: $0) }
    }

    var testDescription: String { "\(label) with '\(unknownField)'" }

    /// Decodes `json` as the message, throwing what the decoder throws.
    func decode(_ json: String) throws { try decodeBody(Data(json.utf8)) }
}
