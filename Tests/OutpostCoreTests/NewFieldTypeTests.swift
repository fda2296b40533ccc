import OutpostCore
import Testing

/// The value types schema 2 adds (money in fen, civil dates, reals, lists) and the stable
/// codes of their refusals, plus the unknown-enum code.
@Suite struct NewFieldTypeTests {
    @Test func moneyIsWholeFenZeroOrMore() throws {
        #expect(try FieldType.money.normalized(.integer(0)) == .integer(0))
        #expect(try FieldType.money.normalized(.integer(1_288_000)) == .integer(1_288_000))
        #expect(throws: ChangeRejection.negativeMoney) { try FieldType.money.normalized(.integer(-1)) }
        #expect(ChangeRejection.negativeMoney.code == "money.negative")
        // Money is never a float (DOMAIN §3.2(7)).
        #expect(throws: ChangeRejection.invalidValue(expected: FieldType.money.description)) { try FieldType.money.normalized(.real(12.5)) }
        #expect(throws: ChangeRejection.invalidValue(expected: FieldType.money.description)) { try FieldType.money.normalized(.text("100")) }
    }

    @Test(arguments: ["2025-07-01", "2024-02-29", "2000-02-29", "1900-01-01", "2199-12-31"])
    func calendarDatesAreAccepted(text: String) throws {
        #expect(try FieldType.date.normalized(.text(text)) == .text(text))
        #expect(CivilDate(text)?.text == text)
    }

    /// A calendar date outside 1900–2199 is a slip of the keyboard (round 32: a birth date of
    /// 0001-01-01 was stored): refused, though the calendar has it.
    @Test(arguments: ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
    func calendarDatesOutsideTheYearsACRMUsesAreRefused(text: String) throws {
        #expect(CivilDate(text)?.text == text)
        #expect(throws: ChangeRejection.invalidDate) { try FieldType.date.normalized(.text(text)) }
        #expect(ChangeRejection.invalidDate.message(entity: EntityName("student"), field: FieldName("birth_date")).contains("from 1900 to 2199"))
    }

    /// An instant after 2199 (round 32: a next follow-up in the year 10000) is refused; the
    /// last millisecond of 2199 is taken.
    @Test func timestampsEndWithTheYear2199() throws {
        #expect(try FieldType.timestamp.normalized(.integer(0)) == .integer(0))
        #expect(try FieldType.timestamp.normalized(.integer(7_258_118_399_999)) == .integer(7_258_118_399_999))
        for beyond: Int64 in [7_258_118_400_000, 253_402_300_800_000, .max, -1] {
            #expect(throws: ChangeRejection.invalidValue(expected: FieldType.timestamp.description)) {
                try FieldType.timestamp.normalized(.integer(beyond))
            }
        }
        #expect(FieldType.timestamp.description == "a time in milliseconds since 1970, before the year 2200")
    }

    @Test(arguments: ["2023-02-29", "1900-02-29", "2025-13-01", "2025-04-31", "2025-7-1", "2025/07/01", "20250701", "", "2025-07-01T00:00", "２０２５-07-01", "0000-01-01"])
    func otherDateTextIsRefusedWithItsCode(text: String) {
        #expect(throws: ChangeRejection.invalidDate) { try FieldType.date.normalized(.text(text)) }
        #expect(ChangeRejection.invalidDate.code == "date.invalid")
    }

    @Test func civilDatesOrderByCalendar() throws {
        #expect(try #require(CivilDate("2024-12-31")) < (try #require(CivilDate("2025-01-01"))))
        #expect(try #require(CivilDate("2025-01-09")) < (try #require(CivilDate("2025-01-10"))))
    }

    @Test func realsAcceptIntegersAndStoreThemAsReals() throws {
        let latitude = FieldType.real(range: -90...90)
        #expect(try latitude.normalized(.real(39.9)) == .real(39.9))
        #expect(try latitude.normalized(.integer(31)) == .real(31))
        #expect(latitude.accepts(.real(31)))
        #expect(!latitude.accepts(.integer(31)))   // stored values are canonical: reals
        #expect(throws: ChangeRejection.invalidValue(expected: latitude.description)) { try latitude.normalized(.real(91)) }
        #expect(throws: ChangeRejection.invalidValue(expected: latitude.description)) { try latitude.normalized(.integer(-91)) }
        #expect(throws: ChangeRejection.invalidValue(expected: latitude.description)) { try latitude.normalized(.text("39.9")) }
    }

    @Test func listsCheckEveryElementAndTheirCount() throws {
        let ids = FieldType.list(of: .reference(EntityName("contact")), maximumCount: 2)
        #expect(try ids.normalized(.list([.text("c1"), .text("c2")])) == .list([.text("c1"), .text("c2")]))
        #expect(try ids.normalized(.list([])) == .list([]))
        #expect(throws: ChangeRejection.invalidValue(expected: ids.description)) { try ids.normalized(.list([.text("1"), .text("2"), .text("3")])) }
        #expect(throws: ChangeRejection.invalidValue(expected: FieldType.reference(EntityName("contact")).description)) {
            try ids.normalized(.list([.text("c1"), .integer(2)]))
        }
        #expect(throws: ChangeRejection.invalidValue(expected: ids.description)) { try ids.normalized(.list([.null])) }
        #expect(throws: ChangeRejection.invalidValue(expected: ids.description)) { try ids.normalized(.text("c1")) }
        let flags = FieldType.list(of: .enumeration(["low_accuracy", "clock_skew"]), maximumCount: 2)
        #expect(throws: ChangeRejection.unknownEnumWord(word: "teleported", allowed: ["low_accuracy", "clock_skew"])) {
            try flags.normalized(.list([.text("teleported")]))
        }
        let points = FieldType.list(of: .real(range: 0...10), maximumCount: 3)
        #expect(try points.normalized(.list([.integer(1), .real(2.5)])) == .list([.real(1), .real(2.5)]))
    }

    @Test func anUnknownEnumWordHasItsOwnCode() {
        let levels = FieldType.enumeration(["A", "B"])
        #expect(throws: ChangeRejection.unknownEnumWord(word: "A+", allowed: ["A", "B"])) { try levels.normalized(.text("A+")) }
        #expect(ChangeRejection.unknownEnumWord(word: "A+", allowed: ["A", "B"]).code == "value.unknown_enum")
        #expect(ChangeRejection.unknownEnumWord(word: "A+", allowed: ["A", "B"]).message(entity: EntityName("lead"), field: FieldName("intent_level"))
            == "Field 'lead.intent_level' does not know 'A+'. Use one of A, B, or update the app if the word is new.")
        // A value of the wrong kind keeps the type code.
        #expect(throws: ChangeRejection.invalidValue(expected: levels.description)) { try levels.normalized(.integer(1)) }
        let stages = FieldType.stage(["new", "won"])
        #expect(throws: ChangeRejection.unknownEnumWord(word: "lost", allowed: ["new", "won"])) {
            try stages.normalized(StageValue(epoch: 0, stage: "lost").fieldValue)
        }
    }

    @Test func compositesNormalizeTheirMembers() throws {
        let point = FieldType.composite(["lat": .real(range: -90...90), "lon": .real(range: -180...180), "coord_system": .enumeration(["wgs84"])])
        let typed = FieldValue.object(["lat": .integer(40), "lon": .real(116.3), "coord_system": .text("wgs84")])
        #expect(try point.normalized(typed) == .object(["lat": .real(40), "lon": .real(116.3), "coord_system": .text("wgs84")]))
        #expect(throws: ChangeRejection.unknownEnumWord(word: "mars", allowed: ["wgs84"])) {
            try point.normalized(.object(["lat": .null, "lon": .null, "coord_system": .text("mars")]))
        }
    }

    @Test func descriptionsAreStable() {
        // Part of the schema fingerprint: a change here changes every fingerprint.
        #expect(FieldType.money.description == "an amount in fen (a whole number, 0 or more)")
        #expect(FieldType.date.description == "a date YYYY-MM-DD from 1900 to 2199")
        #expect(FieldType.real(range: -90...90).description == "a number from -90.0 to 90.0")
        #expect(FieldType.list(of: .text(maximumLength: 8), maximumCount: 3).description == "a list of at most 3 of (text of at most 8 characters)")
        #expect(FieldType.tagSet(maximumTags: 5).description == "a tag set of at most 5 tags of at most 64 characters")
    }

    @Test func newTypesChangeTheFingerprint() {
        let types: [FieldType] = [.money, .date, .real(range: 0...1), .list(of: .date, maximumCount: 1), .integer(range: 0...1)]
        let prints = types.map { Schema(version: 1, entities: [EntitySchema("e", fields: [FieldSchema("f", $0)])]).fingerprint }
        #expect(Set(prints).count == types.count)
    }
}
