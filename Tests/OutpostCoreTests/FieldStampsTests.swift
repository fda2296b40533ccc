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
                                        deviceID: DeviceID(["w1", "z1", "设备-3", "server"].randomElement(using: &generator)!)),
                    author: UserID(["u-wang", "u-zhao", "system"].randomElement(using: &generator)!),
                    logPosition: Int64.random(in: 0...Int64.max, using: &generator))
            }
            #expect(try FieldStamps(decoding: stamps.encoded()) == stamps)
        }
    }

    @Test func stampsPackedFromAListInAnyOrderAreTheDictionarysBytes() {
        var generator = SeededGenerator(seed: 11)
        let numbering = FieldNumbering([FieldName("field_0"): 1, FieldName("field_2"): 4, FieldName("field_5"): 9])
        for _ in 0..<200 {
            var stamps = FieldStamps()
            for index in 0..<Int.random(in: 0...8, using: &generator) {
                stamps[FieldName("field_\(index)")] = FieldStamp(
                    clock: HLCTimestamp(wallMilliseconds: Int64.random(in: 0...2_000_000_000_000, using: &generator),
                                        counter: UInt32.random(in: 0...9, using: &generator),
                                        deviceID: DeviceID(["w1", "0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b", "server"].randomElement(using: &generator)!)),
                    author: UserID(["u-wang", "system"].randomElement(using: &generator)!))
            }
            let list = stamps.byField.map { ($0.key, $0.value) }.shuffled(using: &generator)
            #expect(FieldStamps.packed(list, count: list.count, numbering: numbering) == stamps.encoded(numbering: numbering))
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

    @Test func theServersOwnPairTakesOneByteAndOnlyThatPair() throws {
        func pack(_ device: DeviceID, _ author: UserID) -> [UInt8] {
            var stamps = FieldStamps()
            stamps[FieldName("f")] = FieldStamp(clock: HLCTimestamp(wallMilliseconds: 5, counter: 0, deviceID: device), author: author)
            return stamps.encoded()
        }
        #expect(pack(.server, .system) == [3, 1, 2, 1, 2, 102, 10, 0, 0, 0])   // format, 1 pair: tag 2; 1 field "f"
        #expect(try FieldStamps(decoding: pack(.server, .system))[FieldName("f")]?.author == .system)
        for (device, author) in [(DeviceID.server, UserID("u-wang")), (DeviceID("w1"), UserID.system)] {
            let bytes = pack(device, author)
            #expect(bytes[2] == 0)   // spelled out
            let stamp = try #require(try FieldStamps(decoding: bytes)[FieldName("f")])
            #expect(stamp.clock.deviceID == device && stamp.author == author)
        }
        #expect(throws: FieldStampsError.self) { try FieldStamps(decoding: [2, 1, 2, 0]) }   // format 2 had no tag 2
    }

    @Test func formatOneFromOlderFilesStillReads() throws {
        // format 1, one pair ("w1", "u"), one field "f": wall 300, counter 2, pair 0, position 7.
        let bytes: [UInt8] = [1, 1, 2, 119, 49, 1, 117, 1, 1, 102, 0xAC, 0x02, 2, 0, 7]
        let stamps = try FieldStamps(decoding: bytes)
        #expect(stamps[FieldName("f")] == FieldStamp(
            clock: HLCTimestamp(wallMilliseconds: 300, counter: 2, deviceID: DeviceID("w1")), author: UserID("u"), logPosition: 7))
    }

    @Test func formatTwoFromOlderFilesStillReads() throws {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let stamps = randomStamps(using: &generator)
            #expect(try FieldStamps(decoding: FormatTwoStamps.encoded(stamps)) == stamps)
        }
    }

    @Test func numberedFieldsRoundTripBesideFieldsStoredByName() throws {
        var generator = SeededGenerator(seed: 13)
        // Numbers for some fields only: the others (a newer schema's fields) keep their names.
        let numbering = FieldNumbering([FieldName("field_0"): 1, FieldName("field_2"): 7, FieldName("field_5"): 300])
        for _ in 0..<200 {
            let stamps = randomStamps(using: &generator)
            let bytes = stamps.encoded(numbering: numbering)
            #expect(bytes.first == FieldStamps.currentFormat)
            #expect(try FieldStamps(decoding: bytes, numbering: numbering) == stamps)
        }
    }

    @Test func aNumberedFieldTakesOneByteInsteadOfItsName() {
        var stamps = FieldStamps()
        stamps[FieldName("referrer_customer_id")] = FieldStamp(
            clock: HLCTimestamp(wallMilliseconds: 1, counter: 0, deviceID: DeviceID("d")), author: UserID("u"))
        let numbered = stamps.encoded(numbering: FieldNumbering([FieldName("referrer_customer_id"): 19]))
        #expect(stamps.encoded().count - numbered.count == "referrer_customer_id".utf8.count)
    }

    @Test func aNumberTheNumberingDoesNotKnowIsReportedNotMisread() {
        var stamps = FieldStamps()
        stamps[FieldName("f")] = FieldStamp(clock: HLCTimestamp(wallMilliseconds: 1, counter: 0, deviceID: DeviceID("d")), author: UserID("u"))
        let bytes = stamps.encoded(numbering: FieldNumbering([FieldName("f"): 3]))
        #expect(throws: FieldStampsError.corrupt) { try FieldStamps(decoding: bytes, numbering: FieldNumbering([FieldName("g"): 4])) }
    }

    @Test func eachWriterWallTimeIsADeltaFromItsOwnPreviousField() {
        // Fields alternate between a laptop (2026) and the server (a week later): with deltas
        // from the same writer's previous field, only each writer's first field costs six bytes.
        var stamps = FieldStamps()
        for index in 0..<8 {
            let isServer = index % 2 == 1
            stamps[FieldName("f\(index)")] = FieldStamp(
                clock: HLCTimestamp(wallMilliseconds: 1_764_000_000_000 + (isServer ? 604_800_000 : 0), counter: 0,
                                    deviceID: DeviceID(isServer ? "server" : "d")),
                author: UserID(isServer ? "system" : "u"))
        }
        // Header 3, pairs 5 + 15; fields: 2 × (name 3 + wall 6 + 3) + 6 × (name 3 + wall 1 + 3),
        // where a delta from the previous field of any writer took five bytes for each field.
        #expect(stamps.encoded().count <= 23 + 2 * 12 + 6 * 7)
    }

    @Test func fieldsWrittenTogetherShareTheirWallTime() {
        var stamps = FieldStamps()
        for index in 0..<8 {
            stamps[FieldName("f\(index)")] = FieldStamp(
                clock: HLCTimestamp(wallMilliseconds: 1_764_000_000_000, counter: UInt32(index), deviceID: DeviceID("d")),
                author: UserID("u"))
        }
        // Header and pair 8 bytes; the first field 3 + 6 + 3 bytes; each other field 3 + 1 + 3.
        #expect(stamps.encoded().count <= 8 + 12 + 7 * 7)
    }

    @Test(arguments: ["0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b", "0193A2B4-5C6D-7E8F-9A0B-1C2D3E4F5A6B", "w1", "",
                      "0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6", "0193a2b4x5c6d-7e8f-9a0b-1c2d3e4f5a6b", "设备-3"])
    func everyDeviceIDReadsBackAsWritten(device: String) throws {
        var stamps = FieldStamps()
        stamps[FieldName("f")] = FieldStamp(clock: HLCTimestamp(wallMilliseconds: 1, counter: 0, deviceID: DeviceID(device)), author: UserID("u"))
        #expect(try FieldStamps(decoding: stamps.encoded()) == stamps)
    }

    @Test func aLaptopUUIDTakesSixteenBytes() {
        var stamps = FieldStamps()
        stamps[FieldName("f")] = FieldStamp(
            clock: HLCTimestamp(wallMilliseconds: 1, counter: 0, deviceID: DeviceID("0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b")), author: UserID("u"))
        // format, pair count, UUID tag + 16, author 2, field count, name 2, wall, counter, pair, position.
        #expect(stamps.encoded().count == 1 + 1 + 17 + 2 + 1 + 2 + 1 + 1 + 1 + 1)
    }

    @Test func theBytesAreExactlyTheFormat() throws {
        // Files hold packs written by every build: numbered fields first by number, then the
        // others by name, each wall time a zigzag delta from the pair's previous field.
        let device = DeviceID("01234567-89ab-cdef-0123-456789abcdef")
        var stamps = FieldStamps()
        for (name, wall) in [("zz", 11), ("b", 12), ("a", 10)] as [(String, Int64)] {
            stamps[FieldName(name)] = FieldStamp(clock: HLCTimestamp(wallMilliseconds: wall, counter: 0, deviceID: device), author: UserID("u"))
        }
        let numbering = FieldNumbering([FieldName("a"): 1, FieldName("b"): 2])
        let bytes = stamps.encoded(numbering: numbering)
        #expect(bytes == [3, 1, 1, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                          1, 117, 3,
                          3, 20, 0, 0, 0,         // a: number 1, wall 10
                          5, 4, 0, 0, 0,          // b: number 2, +2
                          4, 122, 122, 1, 0, 0, 0])   // zz by name, -1
        #expect(try FieldStamps(decoding: bytes, numbering: numbering) == stamps)
    }

    @Test func equalStampsPackToEqualBytesWhateverTheDictionarysOrder() throws {
        var generator = SeededGenerator(seed: 23)
        let numbering = FieldNumbering(Dictionary(uniqueKeysWithValues: (0..<6).map { (FieldName("field_\($0)"), $0 + 1) }))
        for _ in 0..<100 {
            let stamps = randomStamps(using: &generator)
            // Another capacity lays the same fields out in other buckets: another order.
            var roomy = FieldStamps(Dictionary(minimumCapacity: 200))
            for (field, stamp) in stamps.byField.reversed() { roomy[field] = stamp }
            #expect(roomy.encoded(numbering: numbering) == stamps.encoded(numbering: numbering))
            #expect(roomy.encoded() == stamps.encoded())
        }
    }

    @Test func wallTimesGoingBackwardsRoundTrip() throws {
        var stamps = FieldStamps()
        stamps[FieldName("a")] = FieldStamp(clock: HLCTimestamp(wallMilliseconds: 2_000_000_000_000, counter: 0, deviceID: DeviceID("d")), author: UserID("u"))
        stamps[FieldName("b")] = FieldStamp(clock: HLCTimestamp(wallMilliseconds: 5, counter: 0, deviceID: DeviceID("d")), author: UserID("u"))
        stamps[FieldName("c")] = FieldStamp(clock: HLCTimestamp(wallMilliseconds: Int64.max, counter: 0, deviceID: DeviceID("d")), author: UserID("u"))
        #expect(try FieldStamps(decoding: stamps.encoded()) == stamps)
    }

    @Test func aReadOfTheFieldsWrittenAfterAPositionKeepsExactlyThose() throws {
        var generator = SeededGenerator(seed: 23)
        let numbering = FieldNumbering([FieldName("field_1"): 1, FieldName("field_4"): 2, FieldName("field_6"): 3])
        for _ in 0..<200 {
            let stamps = randomStamps(using: &generator)
            let since = stamps.byField.values.map(\.logPosition).randomElement(using: &generator) ?? 0
            let kept = FieldStamps(stamps.byField.filter { $0.value.logPosition > since })
            #expect(try FieldStamps(decoding: stamps.encoded(numbering: numbering), numbering: numbering, writtenAfter: since) == kept)
            #expect(try FieldStamps(decoding: FormatTwoStamps.encoded(stamps), numbering: .none, writtenAfter: since) == kept)
        }
    }

    private func randomStamps(using generator: inout SeededGenerator) -> FieldStamps {
        var stamps = FieldStamps()
        for index in 0..<Int.random(in: 0...8, using: &generator) {
            stamps[FieldName("field_\(index)")] = FieldStamp(
                clock: HLCTimestamp(wallMilliseconds: Int64.random(in: 0...2_000_000_000_000, using: &generator),
                                    counter: UInt32.random(in: 0...UInt32.max, using: &generator),
                                    deviceID: DeviceID(["w1", "z1", "设备-3", "0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b"].randomElement(using: &generator)!)),
                author: UserID(["u-wang", "u-zhao"].randomElement(using: &generator)!),
                logPosition: Int64.random(in: 0...Int64.max, using: &generator))
        }
        return stamps
    }

    @Test(arguments: [[], [2], [1, 1], [1, 0, 5, 65, 66], [1, 1, 3, 119, 49], [4, 0, 0], [2, 0, 200], [3, 0, 1, 3], [3, 0, 1, 8, 97], [2, 1, 2], [2, 1, 1, 0, 0]] as [[UInt8]])
    func damagedBytesAreReportedNotMisread(bytes: [UInt8]) {
        #expect(throws: FieldStampsError.corrupt) { try FieldStamps(decoding: bytes) }
    }
}
