import OutpostCore
import OutpostDomain
import Testing

/// Field and entity names hash with `SchemaNameHash`; every other identifier keeps the
/// standard library's hash. Either way, names that compare equal must hash alike, or a row's
/// field would go missing from its own dictionary.
@Suite struct SchemaNameHashTests {
    @Test func everyDeclaredNameIsFoundInADictionaryKeyedByName() {
        let names = OutpostSchema.current.entities.flatMap { $0.fields.map(\.name) } + [.deleted]
        var positions: [FieldName: Int] = [:]
        for (position, name) in names.enumerated() { positions[name] = positions[name] ?? position }
        for name in names {
            // A copy built from the text, as a decoded push or a stamp pack makes it.
            #expect(positions[FieldName(String(name.rawValue))] == positions[name])
        }
        #expect(Set(names).count == Set(names.map(\.rawValue)).count)
    }

    @Test func canonicallyEquivalentSpellingsAreOneName() {
        // U+212A KELVIN SIGN is canonically "K"; "é" has a composed and a decomposed spelling.
        let pairs = [(FieldName("\u{212A}_level"), FieldName("K_level")), (FieldName("caf\u{E9}"), FieldName("cafe\u{301}"))]
        for (first, second) in pairs {
            #expect(first == second)
            #expect(first.hashValue == second.hashValue)
            #expect(Set([first, second]).count == 1)
            #expect([first: 1][second] == 1)
        }
    }

    @Test func namesOfEveryLengthAreToldApartByEveryByte() {
        // Names of 1 to 40 bytes, each differing from the last in one byte at each position.
        var seen = Set<FieldName>()
        for length in 1...40 {
            for position in 0..<length {
                var bytes = Array(repeating: UInt8(ascii: "a"), count: length)
                bytes[position] = UInt8(ascii: "b")
                seen.insert(FieldName(String(decoding: bytes, as: UTF8.self)))
            }
        }
        #expect(seen.count == (1...40).reduce(0, +))
    }

    @Test func idsFromDevicesKeepTheStandardHash() {
        // Ids come from laptops: they keep SipHash, which resists chosen collisions.
        let text = "0192f3a4-7b1c-7d2e-8f3a-4b5c6d7e8f90"
        #expect(RowID(text).hashValue == text.hashValue)
        #expect(UserID(text).hashValue == text.hashValue)
        #expect(DeviceID(text).hashValue == text.hashValue)
    }
}
