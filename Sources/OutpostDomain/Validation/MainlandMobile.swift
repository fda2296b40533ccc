import Foundation
import OutpostCore

extension FieldFormat {
    /// A mainland China mobile number, normalized as DOMAIN.md says, so that
    /// `+86 138-1234-5678`, `0086 13812345678` and full-width `１３８１２３４５６７８` are all
    /// `13812345678`: equal for de-duplication and for conflict comparison.
    public static let mainlandMobile = FieldFormat(
        name: "mainlandMobile",
        expected: "a mainland mobile number: 11 digits starting with 13–19 (spaces, dashes and +86 are fine)",
        rejectionCode: "phone.invalid_format",
        normalize: MainlandMobile.normalize)
}

/// The normalization of mainland mobile numbers (DOMAIN.md) and their segment check
/// . Pure.
public enum MainlandMobile {
    /// The canonical 11 digits of `text`, or nil when it is not a mainland mobile number.
    public static func normalize(_ text: String) -> String? {
        // Most numbers arrive already normalized: eleven ASCII digits, 1[3-9]… (no NFKC pass).
        let bytes = text.utf8
        if bytes.count == 11, bytes.allSatisfy({ (0x30...0x39).contains($0) }),
           bytes.first == 0x31, (0x33...0x39).contains(bytes[bytes.index(after: bytes.startIndex)]) {
            return text
        }
        // 1. NFKC turns full-width digits (０-９) and the ideographic space into ASCII.
        // 2. Separators people type are dropped.
        var digits = text.precomposedStringWithCompatibilityMapping
            .filter { !" \t-.()".contains($0) }
        // 3. The country code, and a domestic trunk 0 before a mobile number.
        if digits.hasPrefix("+86") {
            digits.removeFirst(3)
        } else if digits.hasPrefix("0086"), digits.count == 15 {
            digits.removeFirst(4)
        } else if digits.hasPrefix("86"), digits.count == 13 {
            digits.removeFirst(2)
        }
        if digits.count == 12, digits.hasPrefix("01") {
            digits.removeFirst()
        }
        // 4. ^1[3-9]\d{9}$
        let characters = Array(digits)
        guard characters.count == 11, characters.allSatisfy({ $0.isASCII && $0.isNumber }),
              characters[0] == "1", ("3"..."9").contains(characters[1]) else { return nil }
        return digits
    }

    /// The carrier segment of a number, for a warning only: normalization never
    /// rejects by segment, because carriers reuse segments and the list drifts. Text that is
    /// not a mobile number at all (R-1.2 refuses it) is `.unknown`.
    /// - Parameter table: the segment list to use; the copy built into this app by default.
    public static func segment(of text: String, in table: MobileSegmentTable = .embedded) -> MobileSegment {
        normalize(text).map(table.segment(of:)) ?? .unknown
    }
}
