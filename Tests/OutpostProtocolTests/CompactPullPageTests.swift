import Foundation
import OutpostCore
@testable import OutpostProtocol
import Testing

/// The compact page of protocol v2 carries exactly the page it was made from (every clock,
/// author, eviction and flag), whichever way it is written and read: the direct writer writes
/// `JSONEncoder`'s bytes, the direct reader reads what `JSONDecoder` reads, and damaged clocks
/// are refused, not misread.
@Suite struct CompactPullPageTests {
    private static let devices = ["0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b", "server", "w1-3f2a"]
    private static let authors = ["u-wang", "system", "u-li"]
    private static let values: [FieldValue] = [
        .null, .bool(true), .integer(0), .integer(-7), .integer(Int64.max), .real(1.5), .text("王妈妈"), .text("a\"quote"),
        .text("line\nbreak"), .text("\u{1}"), .list([.text("vip")]), .object(["epoch": .integer(2), "stage": .text("won")]),
    ]

    @Test func everyGeneratedPageRoundTripsByEveryPath() throws {
        var random = SystemRandomNumberGenerator()
        var direct = 0
        for round in 0..<400 {
            let page = makePage(rows: round % 9, random: &random)
            let encoded = try WireCoding.makeEncoder().encode(CompactPullPage(page))
            #expect(try JSONDecoder().decode(CompactPullPage.self, from: encoded).page == page)
            #expect(try WireCoding.decode(CompactPullPage.self, from: encoded).page == page)
            if let bytes = WireFastEncoding.compactPullPage(page) {
                #expect(bytes == Array(encoded))
                #expect(WireFastDecoding.compactPullPage(Data(bytes)) == page)
                direct += 1
            }
        }
        // About a quarter of the random pages are plain enough for the direct path (reals and
        // control characters are left to JSONEncoder); a run drew 99 of 400. Fifty is far below
        // any run's count and still proves the direct path is exercised.
        #expect(direct > 50)
    }

    @Test func aRowWrittenTogetherCarriesSmallSteps() throws {
        let device = DeviceID("0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b")
        let fields = ["a_name": 0, "b_mobile": 1, "c_remark": 2].mapValues { counter in
            WireFieldVersion(FieldVersion(value: .text("x"), clock: HLCTimestamp(wallMilliseconds: 1_764_038_400_000, counter: UInt32(counter), deviceID: device),
                                          author: UserID("u-wang")))
        }
        let page = PullPage(rows: [PulledRow(entity: EntityName("lead"), id: RowID("r1"), fields: fields)], nextCursor: PullCursor(rawValue: "c1"), hasMore: false)
        let text = String(decoding: try #require(WireFastEncoding.compactPullPage(page)), as: UTF8.self)
        #expect(text == #"{"hasMore":false,"nextCursor":"c1","rows":[{"entity":"lead","fields":{"a_name":["x",0,1764038400000,0],"#
            + #""b_mobile":["x",0,0,1],"c_remark":["x",0,0,1]},"id":"r1"}],"writers":[["0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b","u-wang"]]}"#)
    }

    @Test(arguments: [
        #"{"hasMore":false,"nextCursor":"c1","rows":[{"entity":"lead","fields":{"a":[1,1,5,0]},"id":"r"}],"writers":[["d","u"]]}"#,   // no writer 1
        #"{"hasMore":false,"nextCursor":"c1","rows":[{"entity":"lead","fields":{"a":[1,0,-5,0]},"id":"r"}],"writers":[["d","u"]]}"#,  // wall < 0
        #"{"hasMore":false,"nextCursor":"c1","rows":[{"entity":"lead","fields":{"a":[1,0,5,4294967296]},"id":"r"}],"writers":[["d","u"]]}"#,
        #"{"hasMore":false,"nextCursor":"c1","rows":[{"entity":"lead","fields":{"a":[1,0,5,3],"b":[1,0,0,-4]},"id":"r"}],"writers":[["d","u"]]}"#,
        #"{"hasMore":false,"nextCursor":"c1","rows":[{"entity":"lead","fields":{"a":[1,0,5,0]},"id":"r"}],"writers":[["","u"]]}"#,    // no device
        #"{"hasMore":false,"nextCursor":"c1","rows":[{"entity":"lead","fields":{"a":[1,0,5]},"id":"r"}],"writers":[["d","u"]]}"#,      // 3 elements
        #"{"hasMore":false,"nextCursor":"c1","rows":[],"writers":[["d","u"]],"extra":1}"#,
        #"{"hasMore":false,"nextCursor":"c1","rows":[]}"#,
    ])
    func damagedPagesAreRefusedByBothReaders(json: String) {
        let data = Data(json.utf8)
        #expect(WireFastDecoding.compactPullPage(data) == nil)
        #expect(throws: (any Error).self) { try WireCoding.decode(CompactPullPage.self, from: data) }
    }

    @Test func fieldsOutOfKeyOrderAreReadInKeyOrderAndADuplicateIsRefused() throws {
        // The deltas follow key order ("a" then "b"), whatever order the object lists them in.
        let ordered = #"{"hasMore":false,"nextCursor":"c1","rows":[{"entity":"lead","fields":{"a":[1,0,5,3],"b":[2,0,2,1]},"id":"r"}],"writers":[["d","u"]]}"#
        let shuffled = #"{"hasMore":false,"nextCursor":"c1","rows":[{"entity":"lead","fields":{"b":[2,0,2,1],"a":[1,0,5,3]},"id":"r"}],"writers":[["d","u"]]}"#
        let expected = try #require(WireFastDecoding.compactPullPage(Data(ordered.utf8)))
        #expect(WireFastDecoding.compactPullPage(Data(shuffled.utf8)) == expected)
        #expect(try WireCoding.decode(CompactPullPage.self, from: Data(shuffled.utf8)).page == expected)
        #expect(expected.rows.first?.fields["b"]?.version.clock.description == "7.1@d")

        let duplicated = #"{"hasMore":false,"nextCursor":"c1","rows":[{"entity":"lead","fields":{"b":[2,0,2,1],"a":[1,0,5,3],"b":[3,0,2,1]},"id":"r"}],"writers":[["d","u"]]}"#
        // A duplicate is left to the standard path, which refuses it (JSONDecoder would keep one).
        #expect(WireFastDecoding.compactPullPage(Data(duplicated.utf8)) == nil)
        #expect(throws: DuplicateKeyError(key: "b")) { try WireCoding.decode(CompactPullPage.self, from: Data(duplicated.utf8)) }
    }

    @Test func aKeyOrderIsReusedOnlyForAnObjectWithTheSameKeys() {
        var sorted: [Int: [String]] = [:]
        let objects: [[String: Int]] = [
            ["b": 1, "a": 2, "c": 3], ["a": 1, "c": 2, "b": 3], ["a": 1, "d": 2, "b": 3], ["d": 1], ["z": 1, "b": 2, "a": 3], ["e": 1],
        ]
        for object in objects {
            // ASCII keys: their byte order is `String`'s order.
            #expect(WireCoding.keyOrder(object, reusing: &sorted).map { object[$0].key } == object.keys.sorted())
        }
    }

    @Test func keysAreOrderedByTheirUTF8BytesLikeTheStandardEncoder() throws {
        // Inline (≤ 15 bytes) and heap strings, prefixes, non-ASCII, and a decomposed "é"
        // (String's `<` would call it equal to the composed one; the bytes differ).
        let keys = ["b", "a", "ab", "a_b", "Z", "contact_name", "contact_name_long_enough_for_the_heap",
                    "contact_name_long_enough_for_the_heap_", "é", "e\u{301}", "名字", "", "z"]
        for a in keys {
            for b in keys {
                #expect(WireCoding.precedesInByteOrder(a, b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a) < \(b)")
            }
        }
        // A dictionary holds one of two canonically equal keys.
        let members = Dictionary(uniqueKeysWithValues: keys.filter { !$0.utf8.elementsEqual("e\u{301}".utf8) }.enumerated().map { ($1, $0) })
        let encoded = try WireCoding.makeEncoder().encode(members)
        let written = WireCoding.keyOrder(members).map { members[$0].key }
        let expected = "{" + written.map { "\"\($0)\":\(members[$0]!)" }.joined(separator: ",") + "}"
        #expect(String(decoding: encoded, as: UTF8.self) == expected)
    }

    @Test func aV1PageIsNotReadAsACompactOne() throws {
        var random = SystemRandomNumberGenerator()
        let page = makePage(rows: 3, random: &random)
        let v1 = try WireCoding.makeEncoder().encode(page)
        #expect(WireFastDecoding.compactPullPage(v1) == nil)
        #expect(throws: (any Error).self) { try WireCoding.decode(CompactPullPage.self, from: v1) }
    }

    // MARK: - Private

    /// Rows with one to three writers, clocks going forwards and backwards in key order, and
    /// the occasional eviction, replacement and restart.
    private func makePage(rows: Int, random: inout SystemRandomNumberGenerator) -> PullPage {
        let base: Int64 = 1_764_038_400_000
        return PullPage(rows: (0..<rows).map { index in
            if Int.random(in: 0..<8, using: &random) == 0 {
                return PulledRow.eviction(entity: EntityName("lead"), id: RowID("row-\(index)"))
            }
            var fields: [String: WireFieldVersion] = [:]
            for name in ["contact_name", "mobile", "remark", "created_at", "owner_id"].shuffled(using: &random).prefix(Int.random(in: 0...5, using: &random)) {
                let writer = Int.random(in: 0..<Self.devices.count, using: &random)
                let clock = HLCTimestamp(wallMilliseconds: base + Int64.random(in: -3...3, using: &random) * Int64.random(in: 0...90_000, using: &random),
                                         counter: UInt32.random(in: 0...5, using: &random) == 5 ? UInt32.max : UInt32.random(in: 0...3_000, using: &random),
                                         deviceID: DeviceID(Self.devices[writer]))
                fields[name] = WireFieldVersion(FieldVersion(value: Self.values.randomElement(using: &random)!, clock: clock,
                                                             author: UserID(Self.authors[Int.random(in: 0..<Self.authors.count, using: &random)])))
            }
            return PulledRow(entity: EntityName("lead"), id: RowID("row-\(index)"), fields: fields,
                             replaces: Int.random(in: 0..<6, using: &random) == 0 ? true : nil)
        }, nextCursor: PullCursor(rawValue: "c1.\(rows)"), hasMore: Bool.random(using: &random),
           restarted: Int.random(in: 0..<5, using: &random) == 0 ? true : nil)
    }
}
