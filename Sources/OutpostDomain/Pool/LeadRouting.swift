/// Routes a lead ingested at head office to a branch by region: the branch whose
/// `region_codes` hold the most specific code that contains the lead's district. Pure.
///
/// Region codes are China's administrative division codes: `110108` is a district (Haidian),
/// `110100` or `1101` its city (Beijing), `110000` or `11` its province. A code contains a
/// district when the district starts with the code's significant digits (trailing `00` pairs
/// dropped), and a longer significant prefix is more specific.
public enum LeadRouting {
    /// A branch and the region codes it serves.
    public struct Branch: Sendable, Hashable {
        /// The org unit's id.
        public var id: String
        /// Its `region_codes`.
        public var regionCodes: [String]

        /// A branch with its codes.
        public init(id: String, regionCodes: [String]) {
            self.id = id
            self.regionCodes = regionCodes
        }
    }

    /// The branch for a lead in `districtCode` (or, without one, `cityCode`), nil when no
    /// branch serves it (it waits in head office's unassigned pool). Ties go to the lower id.
    public static func branch(districtCode: String?, cityCode: String?, among branches: [Branch]) -> String? {
        guard let area = [districtCode, cityCode].compactMap({ $0.map(significant) }).first(where: { !$0.isEmpty }) else { return nil }
        var best: (id: String, length: Int)?
        for branch in branches.sorted(by: { $0.id < $1.id }) {
            for code in branch.regionCodes.map(significant) where !code.isEmpty && area.hasPrefix(code) {
                if code.count > best?.length ?? 0 { best = (branch.id, code.count) }
            }
        }
        return best?.id
    }

    /// Whether region `code` contains `district` (`110000` and `110100` contain `110108`; a
    /// code contains itself): what routing, scoring and allocation criteria ask alike.
    public static func contains(_ code: String, district: String) -> Bool {
        let region = significant(code), area = significant(district)
        return !region.isEmpty && !area.isEmpty && area.hasPrefix(region)
    }

    /// The digits that say something: `110100` → `1101`, `110000` → `11`, `110108` → `110108`.
    static func significant(_ code: String) -> String {
        var digits = Substring(code.filter(\.isNumber))
        while digits.count > 2, digits.hasSuffix("00") { digits = digits.dropLast(2) }
        return digits == "00" ? "" : String(digits)
    }
}
