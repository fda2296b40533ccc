import Foundation

/// The stored form of free text (DOMAIN §3.1, "trimmed/NFC strings"): Unicode NFC, without
/// the white space, line breaks and zero-width characters people leave at either end.
///
/// Text typed on two laptops as composed `é` and as `e` plus a combining accent is one value:
/// Swift's `==` already calls them equal, so without one stored form a merge could keep one
/// laptop's bytes under the other's clock, and the replicas would never agree byte for byte.
public enum CanonicalText {
    /// `text` in its stored form.
    public static func of(_ text: String) -> String {
        // Fast path: ASCII is its own NFC form; only its ends may need trimming.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            guard let first = text.utf8.first, let last = text.utf8.last,
                  isTrimmedASCII(first) || isTrimmedASCII(last) else { return text }
            return text.trimmingCharacters(in: trimmed)
        }
        return text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: trimmed)
    }

    // MARK: - Private

    /// White space, line breaks and the zero-width characters that show as nothing at an end:
    /// zero-width space, non-joiner, joiner, word joiner and the byte-order mark.
    private static let trimmed = CharacterSet.whitespacesAndNewlines
        .union(CharacterSet(charactersIn: "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}"))

    private static func isTrimmedASCII(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
