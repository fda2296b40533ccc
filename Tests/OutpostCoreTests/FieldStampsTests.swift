@testable import OutpostCore
import OutpostTestSupport
import Testing

@Suite struct FieldStampsTests {
    @Test func packedStampsRoundTrip() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            var stamps = FieldStamps()
            for index in 0..<Int.random(in: 0...8, using: &generator) {
                stamps[FieldName("field_\(index)")] = FieldStamp(
                    clock: HLCTimestamp(wallMilliseconds: Int64.random(in: 0...2_000_000_000_000, using: &generator),
                                        counter: UInt32.random(in: 0...UInt32.max, using: &generator),
                                        deviceID: DeviceID(["w1", "z1", "设备-3"].randomElement(using: &generator)!)),
                    author: UserID(["u-wang", "u-zhao"].randomElement(using: &generator)!),
                    logPosition: Int64.random(in: 0...Int64.max, using: &generator))
            }
            #expect(try FieldStamps(decoding: stamps.encoded()) == stamps)
        }
    }

    @Test func onePairOfDeviceAndAuthorIsStoredOncePerRow() {
        var stamps = FieldStamps()
        for index in 0..<6 {
            stamps[FieldName("f\(index)")] = FieldStamp(
                clock: HLCTimestamp(wallMilliseconds: 1_764_000_000_000, counter: 0, deviceID: DeviceID("0193a2b4-device-uuid-0000-000000000000")),
                author: UserID("u-wang"))
        }
        // 6 fields × (name 3 + wall 6 + counter 1 + pair 1 + position 1) + one pair of ~45 bytes.
        #expect(stamps.encoded().count < 130)
    }

    @Test(arguments: [[], [2], [1, 1], [1, 0, 5, 65, 66], [1, 1, 3, 119, 49]] as [[UInt8]])
    func damagedBytesAreReportedNotMisread(bytes: [UInt8]) {
        #expect(throws: FieldStampsError.corrupt) { try FieldStamps(decoding: bytes) }
    }
}
