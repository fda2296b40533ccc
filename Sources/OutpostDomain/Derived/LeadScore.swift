/// A lead's machine score and grade (DOMAIN.md ). Server-owned and recomputed on
/// any input change; never merged (§3.2 rule 3). The human `intent_level` is separate.
///
/// ```swift
/// let score = LeadScore(LeadScoreFacts(hasValidMobile: true, persona: .match, trialAttended: true))
/// score.points   // 40
/// score.grade    // .c
/// ```
public struct LeadScore: Sendable, Hashable {
    /// 0…100.
    public var points: Int
    /// The grade for `points`, or D when the persona does not match.
    public var grade: LeadGrade

    /// A score as stored; use ``init(_:)`` to compute one.
    public init(points: Int, grade: LeadGrade) {
        self.points = points
        self.grade = grade
    }

    /// Scores `facts` with the weights (proposal):
    /// - basic, max 30: valid mobile 10, persona match 10, district in territory 10;
    /// - key info, max 20: course interest 10, schedule or budget 10;
    /// - key behaviour, max 30: trial booked 10, trial attended 20, campus visit 10;
    /// - interaction, max 20: two-way contact in the last 7 days 10, two or more intent touches 10.
    public init(_ facts: LeadScoreFacts) {
        func points(_ condition: Bool, _ value: Int) -> Int { condition ? value : 0 }
        let basic = points(facts.hasValidMobile, 10) + points(facts.persona == .match, 10)
            + points(facts.districtInTerritory, 10)
        let keyInfo = points(facts.hasCourseInterest, 10) + points(facts.hasScheduleOrBudget, 10)
        let behaviour = min(30, points(facts.trialBooked, 10) + points(facts.trialAttended, 20)
            + points(facts.campusVisited, 10))
        let interaction = points(facts.twoWayContactInLast7Days, 10) + points(facts.intentTouchCount >= 2, 10)
        self.points = basic + keyInfo + behaviour + interaction
        // a lead outside the persona goes to the nurture pool whatever it scores.
        self.grade = facts.persona == .mismatch ? .d : LeadGrade(points: self.points)
    }
}

/// The facts scores a lead on. The server derives them from the lead, its appointments and
/// its follow-ups; every one defaults to "not known", which scores nothing.
public struct LeadScoreFacts: Sendable, Hashable {
    /// How the student's age fits the company's persona (S002: children aged 4–12).
    public enum PersonaFit: String, Sendable, Hashable, Codable, CaseIterable {
        /// Inside the persona: +10.
        case match
        /// No birth year given: scores nothing, forces nothing.
        case unknown
        /// Outside the persona: forces grade D (R-3.2 `persona_mismatch`).
        case mismatch
    }

    /// The mobile number passed validation.
    public var hasValidMobile: Bool
    /// The persona fit.
    public var persona: PersonaFit
    /// The district lies inside the branch's territory.
    public var districtInTerritory: Bool
    /// At least one course interest is recorded.
    public var hasCourseInterest: Bool
    /// A preferred schedule or a budget is recorded.
    public var hasScheduleOrBudget: Bool
    /// A trial class is booked.
    public var trialBooked: Bool
    /// A trial class was attended.
    public var trialAttended: Bool
    /// The family visited a campus.
    public var campusVisited: Bool
    /// There was a two-way contact in the last 7 days.
    public var twoWayContactInLast7Days: Bool
    /// `intent_touch_count`.
    public var intentTouchCount: Int

    /// Facts for scoring; omitted ones are not known.
    public init(
        hasValidMobile: Bool = false, persona: PersonaFit = .unknown, districtInTerritory: Bool = false,
        hasCourseInterest: Bool = false, hasScheduleOrBudget: Bool = false,
        trialBooked: Bool = false, trialAttended: Bool = false, campusVisited: Bool = false,
        twoWayContactInLast7Days: Bool = false, intentTouchCount: Int = 0
    ) {
        self.hasValidMobile = hasValidMobile
        self.persona = persona
        self.districtInTerritory = districtInTerritory
        self.hasCourseInterest = hasCourseInterest
        self.hasScheduleOrBudget = hasScheduleOrBudget
        self.trialBooked = trialBooked
        self.trialAttended = trialAttended
        self.campusVisited = campusVisited
        self.twoWayContactInLast7Days = twoWayContactInLast7Days
        self.intentTouchCount = intentTouchCount
    }
}
