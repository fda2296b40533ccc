import Foundation
import OutpostCore
import OutpostDomain
import Testing

/// DOMAIN R-1.3: the segment list is versioned data; the app's built-in copy is the fixture,
/// and the check only warns.
@Suite struct MobileSegmentTableTests {
    private static let fixturePath = #filePath.replacingOccurrences(of: "Tests/OutpostCoreTests/MobileSegmentTableTests.swift",
                                                                    with: "fixtures/mobile-segments.json")

    @Test func theEmbeddedCopyIsTheFixture() throws {
        let fixture = try String(contentsOfFile: Self.fixturePath, encoding: .utf8)
        #expect(MobileSegmentTable.embeddedJSON.trimmingCharacters(in: .whitespacesAndNewlines)
            == fixture.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try MobileSegmentTable(jsonText: fixture) == MobileSegmentTable.embedded)
    }

    @Test func theTableIsThe2019List() {
        let table = MobileSegmentTable.embedded
        #expect(table.version == "2019-12-24")
        #expect(table.accepted.count == 10 + 5 + 9 + 4 + 9 + 10 + 9)
        #expect(table.dataOnly == ["140", "1410", "1440", "146", "148"])
    }

    @Test(arguments: [
        ("13812345678", MobileSegment.mobile), ("+86 199-0000-1111", .mobile), ("16612345678", .mobile), ("17012345678", .mobile),
        ("14512345678", .mobile), ("14012345678", .dataOnly), ("14101234567", .dataOnly), ("14401234567", .dataOnly),
        ("14612345678", .dataOnly), ("14812345678", .dataOnly), ("15412345678", .unknown), ("16112345678", .unknown),
        ("17912345678", .unknown), ("19412345678", .unknown), ("14212345678", .unknown), ("not a number", .unknown),
    ])
    func segmentOfANumber(text: String, segment: MobileSegment) {
        #expect(MainlandMobile.segment(of: text) == segment)
    }

    @Test func segmentsWarnButNeverReject() throws {
        #expect(MobileSegment.mobile.warningCode == nil)
        #expect(MobileSegment.dataOnly.warningCode == "phone.data_only_segment")
        #expect(MobileSegment.unknown.warningCode == "phone.unknown_segment")
        // R-1.2 alone decides what is stored: a data-only and an unlisted segment both normalize.
        let mobile = try #require(OutpostSchema.lead.field(FieldName("mobile")))
        #expect(try mobile.normalized(.text("146 1234 5678")) == .text("14612345678"))
        #expect(try mobile.normalized(.text("15412345678")) == .text("15412345678"))
    }

    @Test func aNewerListIsReadFromData() throws {
        let newer = try MobileSegmentTable(jsonText: """
            {"version": "2026-01-01", "source": "test", "accepted": ["154"], "dataOnly": []}
            """)
        #expect(MainlandMobile.segment(of: "15412345678", in: newer) == .mobile)
        #expect(MainlandMobile.segment(of: "13812345678", in: newer) == .unknown)
    }

    @Test(arguments: [
        #"{"version": "x", "source": "y", "accepted": ["1a3"], "dataOnly": []}"#,
        #"{"version": "x", "source": "y", "accepted": ["238"], "dataOnly": []}"#,
        #"{"version": "x", "accepted": ["138"], "dataOnly": []}"#,
        "not json",
    ])
    func aDamagedListIsRefused(text: String) {
        #expect(throws: DecodingError.self) { try MobileSegmentTable(jsonText: text) }
    }
}

/// DOMAIN R-1.4 (landline) and R-1.5 (WeChat id) as formats with their own codes.
@Suite struct LandlineAndWeChatTests {
    @Test(arguments: [
        ("010-12345678", "010-12345678"), ("01012345678", "01012345678"), ("0755-1234567", "0755-1234567"),
        ("0755 1234 567-808", "07551234567-808"), ("021-87654321-123456", "021-87654321-123456"), ("０１０-12345678", "010-12345678"),
        ("(010)62345679", "010-62345679"), ("（0755）1234567-808", "0755-1234567-808"),
    ])
    func landlinesAreAccepted(typed: String, stored: String) throws {
        #expect(FieldFormat.landline.normalize(typed) == stored)
    }

    @Test(arguments: ["12345678", "010-123456", "010-123456789", "0101-", "010--12345678", "010-12345678-1234567", "138 1234 5678", "", "010-1234567x", "(010)", "(10)62345679", "400-123-4567"])
    func otherLandlinesAreRefused(typed: String) {
        #expect(FieldFormat.landline.normalize(typed) == nil)
        #expect(FieldFormat.landline.rejectionCode == "phone.invalid_landline")
    }

    @Test(arguments: [("wangmama_88", "wangmama_88"), (" Li-Ma123 ", "Li-Ma123"), ("a12345", "a12345"), ("abcdefghijklmnopqrst", "abcdefghijklmnopqrst")])
    func wechatIDsAreAccepted(typed: String, stored: String) {
        #expect(FieldFormat.wechatID.normalize(typed) == stored)
    }

    @Test(arguments: ["1wang88", "wang", "abcdefghijklmnopqrstu", "wang mama", "王妈妈123", "wang.mama", "_wangmama"])
    func otherWeChatIDsAreRefused(typed: String) {
        #expect(FieldFormat.wechatID.normalize(typed) == nil)
        #expect(FieldFormat.wechatID.rejectionCode == "wechat.invalid_format")
    }
}
