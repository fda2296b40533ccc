import Foundation
import OutpostCore

extension FieldFormat {
    /// A mainland landline number (DOMAIN ): `0` and a 2–3 digit area code, an optional
    /// dash, 7–8 digits, and an optional `-` extension of 1–6 digits, such as `010-12345678`
    /// or `0755-1234567-808`. Spaces and full-width digits are dropped before the check, and an
    /// area code in brackets, as people write it (`(010)62345679`), is stored with a dash.
    public static let landline = FieldFormat(
        name: "landline",
        expected: "a landline number such as 010-12345678 or 0755-1234567-808 (area code, number, optional extension)",
        rejectionCode: "phone.invalid_landline",
        normalize: Landline.normalize)

    /// A WeChat id (DOMAIN, an assumed format): 6–20 characters, a letter first, then
    /// letters, digits, `_` or `-`. Surrounding spaces are dropped.
    public static let wechatID = FieldFormat(
        name: "wechatID",
        expected: "a WeChat id: 6–20 characters, starting with a letter, then letters, digits, _ or -",
        rejectionCode: "wechat.invalid_format",
        normalize: WeChatID.normalize)
}

/// The check of landline numbers. Pure.
enum Landline {
    /// The number without spaces (and `(010)` written `010-`), or nil when it does not match
    /// `^0\d{2,3}-?\d{7,8}(-\d{1,6})?$` (ASCII digits only).
    static func normalize(_ text: String) -> String? {
        var compact = text.precomposedStringWithCompatibilityMapping.filter { !$0.isWhitespace }
        if let bracketed = compact.wholeMatch(of: #/\((0[0-9]{2,3})\)-?([0-9].*)/#) {
            compact = "\(bracketed.1)-\(bracketed.2)"
        }
        return compact.wholeMatch(of: #/0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?/#) == nil ? nil : compact
    }
}

/// The check of WeChat ids. Pure.
enum WeChatID {
    /// The id without surrounding spaces, or nil when it does not match
    /// `^[a-zA-Z][a-zA-Z0-9_-]{5,19}$`.
    static func normalize(_ text: String) -> String? {
        let id = text.trimmingCharacters(in: .whitespaces)
        guard (6...20).contains(id.count), let first = id.first, first.isASCII, first.isLetter,
              id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else { return nil }
        return id
    }
}
