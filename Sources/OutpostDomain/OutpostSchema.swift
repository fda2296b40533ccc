import OutpostCore

/// The schema Outpost replicates: every CRM entity sales touches, with the type,
/// requiredness, merge policy and indexing of each field and the rules of whole rows
/// (`shared/DOMAIN.md` §1–§3). Tables on the laptop and on the server are made from it.
///
/// Each entity is declared in its own file under `Entities/` (`OutpostSchema.Lead`, …).
public enum OutpostSchema {
    /// The schema this build speaks.
    public static let current = Schema(version: 7, entities: [
        OrgUnit.schema, User.schema, Role.schema, lead, Customer.schema, Student.schema, Contact.schema,
        Opportunity.schema, OpportunityStageChange.schema, followUp, Appointment.schema,
        TrialSession.schema, CheckIn.schema, Pool.schema, PoolRule.schema, OwnershipEvent.schema,
        Tag.schema, AuditLog.schema, EnrollmentOrder.schema, Course.schema, Campaign.schema,
        SuspectedDuplicate.schema, Notification.schema, RecordShare.schema,
    ])

    /// The lead (线索), the entity most commands work on.
    public static var lead: EntitySchema { Lead.schema }

    /// The follow-up record (跟进记录).
    public static var followUp: EntitySchema { FollowUp.schema }
}
