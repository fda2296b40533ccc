import OutpostCore

/// Shares quality leads (优质, `LeadGrade.AllocationTier.quality`: A or B) among a team by criteria (R-5.3 "按标分配", DOMAIN
/// §6 decision 2): each member may name the courses, regions and grades they take; a lead goes
/// to an eligible member whose criteria it meets, preferring the members that match it on the
/// most criteria (a specialist before a generalist). Among those, when every one has a monthly
/// quota, the one with the largest share of it left (`(quota − assigned) / quota`) wins; ties
/// and members without quotas take turns by the team's round-robin cursor. A lead that meets
/// nobody's criteria is not stranded: it goes by turn among all eligible members. Pure.
///
/// ```swift
/// let result = CriteriaAllocation.allocate(leads, among: candidates, after: cursor)
/// // result.assignees[i]: lead i's salesperson (nil: nobody eligible); result.matched[i]: by criteria or by turn
/// ```
public enum CriteriaAllocation {
    /// A team member with the criteria they take leads by.
    public struct Candidate: Sendable, Hashable {
        /// Status, weight, position and cap, as round-robin reads them.
        public var member: RoundRobinAllocation.Member
        /// Courses they take (`allocation_course_ids`); empty takes every course.
        public var courseIDs: Set<String>
        /// Region codes they take (`allocation_region_codes`, as `LeadRouting` reads them); empty takes every region.
        public var regionCodes: [String]
        /// Grades they take (`allocation_grades`); empty takes every grade.
        public var grades: Set<String>
        /// Quality leads a month (`allocation_quota`), nil without a quota.
        public var quota: Int?
        /// Quality leads allocated to them this month before the batch.
        public var assignedThisPeriod: Int

        /// A candidate's facts.
        public init(member: RoundRobinAllocation.Member, courseIDs: Set<String> = [], regionCodes: [String] = [], grades: Set<String> = [],
                    quota: Int? = nil, assignedThisPeriod: Int = 0) {
            self.member = member
            self.courseIDs = courseIDs
            self.regionCodes = regionCodes
            self.grades = grades
            self.quota = quota
            self.assignedThisPeriod = assignedThisPeriod
        }
    }

    /// What criteria read of a lead.
    public struct Lead: Sendable, Hashable {
        /// Its `interest_courses`.
        public var courseIDs: Set<String>
        /// Its address's district code.
        public var districtCode: String?
        /// Its `grade`.
        public var grade: String?

        /// A lead's facts.
        public init(courseIDs: Set<String> = [], districtCode: String? = nil, grade: String? = nil) {
            self.courseIDs = courseIDs
            self.districtCode = districtCode
            self.grade = grade
        }

        /// The facts of a `lead` row: `interest_courses`, the address's district, `grade`.
        public init(lead row: RowState) {
            self.init(courseIDs: row.values[FieldName("interest_courses")].flatMap(ObservedRemoveSet.init)?.elements ?? [],
                      districtCode: row.values[FieldName("address")]?.objectValue?["district_code"]?.textValue,
                      grade: row.values[FieldName("grade")]?.textValue)
        }

        /// Whether the lead is a quality lead (grade A or B, R-3.2), which goes by criteria.
        public var isQuality: Bool { grade.flatMap(LeadGrade.init(rawValue:))?.allocationTier == .quality }

        /// Whether the lead is a nurture lead (grade D, R-3.2), which is not allocated at all.
        public var isNurture: Bool { grade.flatMap(LeadGrade.init(rawValue:))?.allocationTier == .nurture }
    }

    /// Who gets each lead, whether by criteria, and where the cursor ends.
    public struct Allocation: Sendable, Hashable {
        /// One entry per lead, in order: the member's id, or nil when nobody was eligible.
        public var assignees: [String?]
        /// One entry per lead: true when its member's criteria took it, false when it went by turn.
        public var matched: [Bool]
        /// The member who received the last lead (unchanged when nobody received one).
        public var cursor: String?
    }

    /// Allocates `leads` among `candidates`, starting after `cursor`.
    public static func allocate(_ leads: [Lead], among candidates: [Candidate], after cursor: String?) -> Allocation {
        let ordered = candidates.sorted { $0.member.id < $1.member.id }
        var given: [String: Int] = [:]
        var last = cursor
        var result = Allocation(assignees: [], matched: [], cursor: cursor)
        for lead in leads {
            let eligible = ordered.filter { $0.member.isEligible(given: given[$0.member.id, default: 0]) }
            let scored = eligible.compactMap { candidate in matchCount(candidate, lead).map { (candidate, $0) } }
            let best = scored.map(\.1).max()
            let pool = best.map { best in scored.filter { $0.1 == best }.map(\.0) } ?? eligible
            // Turn order: the members after the cursor first, then from the start (wrap around).
            let turn = { (id: String) -> Int in
                let index = ordered.firstIndex { $0.member.id == id } ?? 0
                let start = last.map { id in ordered.firstIndex { $0.member.id > id } ?? ordered.count } ?? 0
                return (index - start + ordered.count) % max(ordered.count, 1)
            }
            let chosen: Candidate?
            if !pool.isEmpty, pool.allSatisfy({ $0.quota != nil }) {
                func left(_ candidate: Candidate) -> Double {
                    let quota = Double(candidate.quota ?? 1)
                    return (quota - Double(candidate.assignedThisPeriod + given[candidate.member.id, default: 0])) / quota
                }
                chosen = pool.min { (-left($0), turn($0.member.id)) < (-left($1), turn($1.member.id)) }
            } else {
                chosen = pool.min { turn($0.member.id) < turn($1.member.id) }
            }
            if let chosen {
                given[chosen.member.id, default: 0] += 1
                last = chosen.member.id
            }
            result.assignees.append(chosen?.member.id)
            result.matched.append(chosen != nil && best != nil)
        }
        result.cursor = last
        return result
    }

    /// On how many criteria `candidate` names the lead meets them, nil when it misses one.
    static func matchCount(_ candidate: Candidate, _ lead: Lead) -> Int? {
        var count = 0
        if !candidate.courseIDs.isEmpty {
            guard !candidate.courseIDs.isDisjoint(with: lead.courseIDs) else { return nil }
            count += 1
        }
        if !candidate.regionCodes.isEmpty {
            guard let district = lead.districtCode, candidate.regionCodes.contains(where: { LeadRouting.contains($0, district: district) })
            else { return nil }
            count += 1
        }
        if !candidate.grades.isEmpty {
            guard let grade = lead.grade, candidate.grades.contains(grade) else { return nil }
            count += 1
        }
        return count
    }
}
