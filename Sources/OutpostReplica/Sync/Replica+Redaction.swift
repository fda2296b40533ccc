import GRDB
import OutpostCore
import OutpostDomain

extension Replica {
    /// A follow-up a manager redacted (`redact`, DOMAIN §1.8, for a personal-data complaint)
    /// keeps no trace of what it said on this laptop either: its journal entries, which hold
    /// the values as they were written, say what the row says now.
    func scrubRedactedJournal(of followUp: RowID, in db: Database) throws {
        let entity = OutpostSchema.FollowUp.schema.name.rawValue
        for field in OutpostSchema.FollowUp.redactedFields {
            let value: FieldValue = field == FieldName("content") ? .text(OutpostSchema.FollowUp.redactedContent) : .null
            try db.execute(sql: "UPDATE journal SET value = ? WHERE entity = ? AND row_id = ? AND field = ? AND value <> ?",
                           arguments: [value.jsonText, entity, followUp.rawValue, field.rawValue, value.jsonText])
        }
    }
}
