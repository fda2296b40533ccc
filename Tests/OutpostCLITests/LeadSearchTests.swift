@testable import outpost
import Testing

/// `outpost lead list --search` finds what people type (round 32): a number however it was
/// formatted or written, text in any case and width.
@Suite struct LeadSearchTests {
    @Test(arguments: ["+86 139 0000 7777", "139-0000-7777", "１３９００００７７７７", "0000 7777", "(139) 0000-7777", "13900007777", "7777"])
    func aNumberIsFoundHoweverItIsTyped(_ typed: String) {
        #expect(LeadSearch(typed).matches("13900007777"))
    }

    @Test func textMatchesInAnyCaseAndWidthAndNumbersDoNotMatchOtherDigits() {
        #expect(LeadSearch("ＶＩＰ").matches("vip parent"))
        #expect(LeadSearch("Wang").matches("家长 wang"))
        #expect(LeadSearch("周女士").matches("周女士"))
        #expect(!LeadSearch("139 0000 7778").matches("13900007777"))
        #expect(!LeadSearch("12").matches("13900007777"), "two digits are too few to search numbers by")
        #expect(LeadSearch("010-6234 5678").matches("010-62345678"), "a landline's digits, dash or not")
    }
}
