import Foundation

/// A fast hash for the names a schema declares (entity and field names), which rows are keyed
/// by: every field of every row loaded, merged and saved is a dictionary lookup by name, and
/// the standard library's SipHash (a hasher set up and finalised per lookup) was a fifth of a
/// server's push and of a replica's pull in the profiles.
///
/// Eight bytes at a time through a multiply-xorshift mix seeded by the dictionary's seed, and
/// a final avalanche. Consistent with `String`'s `==` (canonical equivalence): text that is
/// not ASCII is hashed in its NFC form, so two spellings that compare equal hash alike.
/// Not built to resist chosen collisions, so only entity and field names use it
/// (`IdentifierKind.isSchemaName`): the schema's own are a small fixed vocabulary, and the
/// names a device may invent travel in a push, whose entries the server caps
/// (`maximumPushBatch`) before reading them, so colliding names cannot pile up.
enum SchemaNameHash {
    /// The hash of `text` under `seed`.
    static func hash(_ text: String, seed: UInt64) -> UInt64 {
        var contiguous = text   // `withUTF8` may need to make the text contiguous
        let (hash, isASCII) = contiguous.withUTF8 { bytes in mix(bytes, seed: seed) }
        guard !isASCII else { return hash }
        var normalized = text.precomposedStringWithCanonicalMapping
        return normalized.withUTF8 { bytes in mix(bytes, seed: seed).hash }
    }

    // MARK: - Private

    private static func mix(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> (hash: UInt64, isASCII: Bool) {
        var state = seed ^ 0x9E37_79B9_7F4A_7C15
        var highBits: UInt64 = 0
        var offset = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= bytes.count {
                let chunk = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                highBits |= chunk
                state = (state ^ chunk) &* 0xBF58_476D_1CE4_E5B9
                state ^= state >> 31
                offset += 8
            }
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        highBits |= tail
        state = (state ^ tail ^ UInt64(bytes.count) << 56) &* 0x94D0_49BB_1331_11EB
        state ^= state >> 29
        state = state &* 0xBF58_476D_1CE4_E5B9
        state ^= state >> 32
        return (state, highBits & 0x8080_8080_8080_8080 == 0)
    }
}
