import GRDB
import OutpostCore
import OutpostDomain

extension Replica {
    /// The `base` of a new follow-up's plan fields (spec §9.2): for each plan field it sets,
    /// the clock of the subject's field it moves, as this replica holds it. The server merges
    /// its write to the subject with it, so moving the intent the salesperson had in front of
    /// them is a fast-forward, not a conflict. Empty when the subject is not held here.
    func followUpPlanBases(_ values: [FieldName: FieldValue], in db: Database) throws -> [FieldName: HLCTimestamp] {
        guard let subjectType = values[FieldName("subject_type")]?.textValue,
              let subjectID = values[FieldName("subject_id")]?.textValue,
              let table = tables[EntityName(subjectType)],
              let subject = try table.load(RowID(subjectID), in: db) else { return [:] }
        var bases: [FieldName: HLCTimestamp] = [:]
        for (field, subjectField) in OutpostSchema.FollowUp.plans where (values[field] ?? .null) != .null {
            bases[field] = subject.stamps[subjectField]?.clock
        }
        return bases
    }
}
