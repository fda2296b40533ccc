import OutpostCore
import Testing

/// UUIDv7 ids (RFC 9562): the time in the first 48 bits, version 7, the RFC variant; a run
/// made with a counter sorts in counter order, past the 4,096 ids one millisecond's counter holds.
@Suite struct UUIDv7Tests {
    private let now: Int64 = 1_788_300_000_000

    @Test func anIDCarriesItsTimeVersionAndVariant() {
        var generator = SystemRandomNumberGenerator()
        let id = UUIDv7.make(wallMilliseconds: now, using: &generator)
        #expect(id.count == 36)
        #expect(id.prefix(13).replacingOccurrences(of: "-", with: "") == String(now, radix: 16).leftPadded(to: 12))
        #expect(Array(id)[14] == "7")
        #expect("89ab".contains(Array(id)[19]))
    }

    @Test func aCountedRunSortsInCounterOrder() {
        var generator = SystemRandomNumberGenerator()
        let counters: [UInt64] = [0, 1, 2, 15, 16, 255, 256, 4_095, 4_096, 4_097, 10_000]
        let ids = counters.map { UUIDv7.make(wallMilliseconds: now, counter: $0, using: &generator) }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { Array($0)[14] == "7" && "89ab".contains(Array($0)[19]) })
        #expect(ids[8].hasPrefix(String(now + 1, radix: 16).leftPadded(to: 12).prefix(8)), "past 4,095 the millisecond carries")
    }
}

private extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
