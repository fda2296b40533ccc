import OutpostCore
import OutpostDomain
import Testing

/// DOMAIN.md: the ways people type a mainland mobile number all normalize to 11 digits,
/// and anything else is refused with `phone.invalid_format`.
@Suite struct MainlandMobileTests {
    private let mobile = OutpostSchema.lead.field(FieldName("mobile"))!

    @Test(arguments: [
        "13812345678", "+86 138-1234-5678", "+8613812345678", "8613812345678", "0086 138 1234 5678",
        "１３８１２３４５６７８", "138　1234　5678", "(138) 1234.5678", "013812345678",
    ])
    func commonSpellingsNormalizeToElevenDigits(typed: String) throws {
        #expect(try mobile.normalized(.text(typed)) == .text("13812345678"))
    }

    @Test(arguments: ["12812345678", "1381234567", "138123456789", "abc", "+1 415 555 0100", "", "86 138 1234 567", "1３8x2345678"])
    func otherTextIsRefusedWithAStableCode(typed: String) {
        #expect(throws: ChangeRejection.invalidFormat(code: "phone.invalid_format", expected: FieldFormat.mainlandMobile.expected)) {
            try mobile.normalized(.text(typed))
        }
    }

    @Test func sameNumberTypedTwoWaysIsNotAConflict() throws {
        // DOMAIN C1 variant b: both laptops type the same number differently.
        let wang = FieldVersion(value: try mobile.normalized(.text("138 1234 5678")),
                                clock: HLCTimestamp(wallMilliseconds: 10, counter: 0, deviceID: DeviceID("w1")), author: UserID("u-wang"))
        let zhao = FieldVersion(value: try mobile.normalized(.text("+8613812345678")),
                                clock: HLCTimestamp(wallMilliseconds: 20, counter: 0, deviceID: DeviceID("z1")), author: UserID("u-zhao"))
        let change = FieldChange(entity: EntityName("lead"), rowID: RowID("r"), field: FieldName("mobile"), version: zhao, base: nil)
        let outcome = FieldMerge.resolve(change, current: wang, policy: .lastWriterWins)
        #expect(outcome.resultingVersion?.value == .text("13812345678"))
        #expect(outcome.conflict == nil)
        let older = FieldChange(entity: EntityName("lead"), rowID: RowID("r"), field: FieldName("mobile"), version: wang, base: nil)
        #expect(FieldMerge.resolve(older, current: zhao, policy: .lastWriterWins).conflict == nil)
    }
}
