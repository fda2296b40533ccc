@testable import OutpostCore
import OutpostTestSupport
import Testing

/// `StampPackEditor` sets stamps in a packed row as it is stored; whatever it sets, the bytes
/// must be exactly what packing the same stamps from scratch writes, and it must say whether
/// anything changed exactly when a stamp differs.
@Suite struct StampPackEditorTests {
    private let numbering = FieldNumbering(Dictionary(uniqueKeysWithValues: (0..<12).map { (FieldName("f\($0)"), $0 + 1) }))
    private let pairs: [(DeviceID, UserID)] = [
        (.server, .system),
        (DeviceID("0d5a1c7e-0000-4000-8000-000000000001"), UserID("u-wang")),
        (DeviceID("0d5a1c7e-0000-4000-8000-000000000002"), UserID("u-li")),
        (DeviceID("laptop-7"), UserID("u-wang")),                               // not a UUID: packed as text
        (DeviceID("0D5A1C7E-0000-4000-8000-000000000003"), UserID("u-zhao")),   // upper case: packed as text
        (.server, UserID("u-wang")),
    ]

    private func stamp(using generator: inout SeededGenerator) -> FieldStamp {
        let (device, author) = pairs.randomElement(using: &generator)!
        return FieldStamp(clock: HLCTimestamp(wallMilliseconds: Int64.random(in: 1_700_000_000_000...1_700_000_009_000, using: &generator),
                                              counter: UInt32.random(in: 0...3, using: &generator), deviceID: device),
                          author: author, logPosition: Int64.random(in: 0...2, using: &generator))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func settingStampsPacksExactlyWhatPackingThemFromScratchWrites(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        var stamps = FieldStamps()
        // Numbered fields, and a couple the numbering lacks (stored by name, after the others).
        for _ in 0..<Int.random(in: 0...10, using: &generator) {
            stamps[FieldName("f\(Int.random(in: 0..<12, using: &generator))")] = stamp(using: &generator)
        }
        for name in ["zeta_extra", "alpha_extra"] where Bool.random(using: &generator) {
            stamps[FieldName(name)] = stamp(using: &generator)
        }
        var editor = try #require(try StampPackEditor(stamps.encoded(numbering: numbering)))
        #expect(editor.packed() == stamps.encoded(numbering: numbering))
        for _ in 0..<12 {
            let field = FieldName("f\(Int.random(in: 0..<12, using: &generator))")
            // The stamp the field already has (nothing may change), that stamp with one part
            // changed, or another one.
            var next = stamp(using: &generator)
            if let current = stamps[field] {
                next = current
                switch Int.random(in: 0..<5, using: &generator) {
                case 0: break
                case 1: next.logPosition += 1
                case 2: next.clock.counter += 1
                case 3: next.author = UserID("u-other")
                default: next = stamp(using: &generator)
                }
            }
            let changes = stamps.byField.updateValue(next, forKey: field) != next
            let set = editor.set(next, pair: StampPair(device: next.clock.deviceID, author: next.author),
                                 forFieldNumbered: try #require(numbering.number(of: field)))
            #expect(set == changes)
            let packed = editor.packed()
            #expect(packed == stamps.encoded(numbering: numbering))
            #expect(try FieldStamps(decoding: packed, numbering: numbering) == stamps)
        }
    }

    @Test func olderFormatsAreLeftToTheFullUnpackingAndDamagedBytesAreRefused() throws {
        #expect(try StampPackEditor([2, 0, 0]) == nil)   // format 2: no pairs, no fields
        #expect(throws: FieldStampsError.corrupt) { try StampPackEditor([]) }
        #expect(throws: FieldStampsError.corrupt) { try StampPackEditor([3, 1, 7]) }   // a pair of an unknown kind
        let packed = FieldStamps([FieldName("f1"): FieldStamp(clock: HLCTimestamp(wallMilliseconds: 5, counter: 0, deviceID: .server),
                                                              author: .system)]).encoded(numbering: numbering)
        #expect(throws: FieldStampsError.corrupt) { try StampPackEditor(Array(packed.dropLast())) }
    }
}
