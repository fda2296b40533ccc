import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol

/// A lead's `score` and `grade`: derived on the server only, from accepted
/// facts (its mobile, the student's age, its district, its course interests, its trial
/// appointments, recent two-way follow-ups, its touch count), never merged (§3.2 rule 3).
/// Recomputed whenever one of those facts changes in a push.
enum LeadScoring {
    /// Lead fields the score reads.
    static let inputs: Set<String> = ["mobile", "student_birth_year", "interest_courses", "preferred_schedule", "budget_fen",
                                      "address", "intent_touch_count", "branch_id"]
    /// Follow-up methods that are a two-way contact.
    private static let twoWay: Set<String> = ["phone", "wechat", "visit", "email", "sms"]
    private static let week: Int64 = 7 * 86_400_000

    /// The lookups `recompute` makes after `change` applies: the lead's appointments and
    /// follow-ups.
    static func expectedLookups(of change: PushChange) -> [RowLookup] {
        guard change.entity == .lead, inputs.contains(change.field.rawValue) else { return [] }
        let lead = FieldValue.text(change.rowID.rawValue)
        return [RowLookup(entity: .appointment, field: FieldName("lead_id"), value: lead),
                RowLookup(entity: .followUp, field: FieldName("subject_id"), value: lead)]
    }

    /// Derives the lead's score and grade from its facts as this plan sees them.
    static func recompute(_ key: RowKey, in workspace: inout PlanWorkspace) {
        guard let lead = workspace.row(key), !lead.isDeleted else { return }
        let stored = workspace.existedBefore(key)
        let now = workspace.serverNow
        func value(_ field: String) -> FieldValue? {
            guard let value = lead.values[FieldName(field)], value != .null else { return nil }
            return value
        }
        var facts = LeadScoreFacts(hasValidMobile: value("mobile") != nil)
        if let birthYear = value("student_birth_year")?.integerValue {
            let year = Calendar(identifier: .gregorian).component(.year, from: Date(timeIntervalSince1970: Double(now) / 1000))
            facts.persona = (4...12).contains(year - Int(birthYear)) ? .match : .mismatch
        }
        facts.hasCourseInterest = value("interest_courses").flatMap(ObservedRemoveSet.init)?.elements.isEmpty == false
        facts.hasScheduleOrBudget = value("preferred_schedule")?.textValue?.isEmpty == false || (value("budget_fen")?.integerValue ?? 0) > 0
        if let district = value("address")?.objectValue?["district_code"]?.textValue, let branch = value("branch_id")?.textValue,
           let regions = workspace.row(RowKey(entity: EntityName("org_unit"), id: RowID(branch)))?.values[FieldName("region_codes")] {
            facts.districtInTerritory = ObservedRemoveSet(regions)?.elements.contains { LeadRouting.contains($0, district: district) } == true
        }
        for appointment in workspace.rows(.appointment, where: FieldName("lead_id"), equals: .text(key.id.rawValue), storedToo: stored).map(\.row) {
            let kind = appointment.values[FieldName("kind")]?.textValue
            let attended = appointment.values[FieldName("status")]?.textValue == "attended"
            if kind == "trial_class" {
                if TrialSeats.session(heldBy: appointment) != nil { facts.trialBooked = true }
                if attended { facts.trialAttended = true }
            } else if kind == "visit_invitation", attended {
                facts.campusVisited = true
            }
        }
        facts.twoWayContactInLast7Days = workspace.rows(.followUp, where: FieldName("subject_id"), equals: .text(key.id.rawValue), storedToo: stored)
            .contains { followUp in
                let occurredAt = min(followUp.row.values[FieldName("occurred_at")]?.integerValue ?? .min,
                                     now + FollowUpRules.futureAllowanceMilliseconds)
                return twoWay.contains(followUp.row.values[FieldName("method")]?.textValue ?? "") && now - occurredAt <= week
            }
        facts.intentTouchCount = Int(value("intent_touch_count")?.integerValue ?? 0)
        let score = LeadScore(facts)
        workspace.serverWrite(key, ["score": .integer(Int64(score.points)), "grade": .text(score.grade.rawValue)])
    }
}
