/// A lead's machine grade (DOMAIN.md ), stored as "A"…"D".
public enum LeadGrade: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// 70 points or more.
    case a = "A"
    /// 50–69.
    case b = "B"
    /// 30–49.
    case c = "C"
    /// Under 30, or outside the persona.
    case d = "D"

    /// How allocation treats a grade.
    public enum AllocationTier: String, Sendable, Hashable, Codable, CaseIterable {
        /// 优质: A and B.
        case quality
        /// 一般: C.
        case general
        /// Not allocated; reachable by claim: D.
        case nurture
    }

    /// The grade for a score: A ≥ 70, B 50–69, C 30–49, D < 30.
    public init(points: Int) {
        self = switch points {
        case 70...: .a
        case 50..<70: .b
        case 30..<50: .c
        default: .d
        }
    }

    /// Where allocation sends a lead of this grade.
    public var allocationTier: AllocationTier {
        switch self {
        case .a, .b: .quality
        case .c: .general
        case .d: .nurture
        }
    }

    /// A is the best grade and sorts first.
    public static func < (lhs: LeadGrade, rhs: LeadGrade) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
