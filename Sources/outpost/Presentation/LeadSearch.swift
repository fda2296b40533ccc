import Foundation
import OutpostCore
import OutpostDomain

/// What `outpost lead list --search` looks for: text as people type it. Letters match in any
/// case and width (`ＶＩＰ` finds `vip`), and a number matches however it was formatted
/// (`+86 139-0000-7777`, `１３９００００７７７７` and `0000 7777` all find `13900007777`).
struct LeadSearch {
    /// The searched text, folded (NFKC, lower case, trimmed).
    private let folded: String
    /// The digits to look for in numbers, when the text is a number: a whole mainland mobile
    /// in its normalized form, or the digits of part of one (at least three).
    private let digits: String?

    /// The search for `text`.
    init(_ text: String) {
        folded = Self.fold(text)
        if let mobile = MainlandMobile.normalize(text) {
            digits = mobile
        } else {
            let numberCharacters = CharacterSet(charactersIn: "0123456789 -().+")
            let onlyDigits = folded.filter(\.isASCII).filter(\.isNumber)
            digits = folded.unicodeScalars.allSatisfy(numberCharacters.contains) && onlyDigits.count >= 3 ? String(onlyDigits) : nil
        }
    }

    /// Whether `value` (a field's text) holds what is searched for.
    func matches(_ value: String) -> Bool {
        if Self.fold(value).contains(folded) { return true }
        guard let digits else { return false }
        return String(value.filter { $0.isASCII && $0.isNumber }).contains(digits)
    }

    // MARK: - Private

    private static func fold(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased().trimmingCharacters(in: .whitespaces)
    }
}
