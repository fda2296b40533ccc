import GRDB
import OutpostCore
import OutpostDomain

extension Replica {
    /// Why the server would refuse an edit for who this laptop's user is, when the laptop can
    /// know it offline from the rows it holds (every replica holds the organisation and its
    /// own user row): a write to an org unit or a user row its user may not change
    /// (`OrganisationEditing`), to a notification that is someone else's, or a new audit entry
    /// in someone else's name or for another device. Nil when the server would allow it, or
    /// when the laptop cannot tell (its user row not synced yet, a team lead's or a role's
    /// reach over other users): then the server decides.
    func permissionRefusal(writing values: [FieldName: FieldValue], to entity: EntityName, id: RowID, existing: RowState?,
                           user: UserID, device: DeviceID, in db: Database) throws -> WriteRefusal? {
        switch entity.rawValue {
        case "notification":
            return existing.flatMap { OutpostSchema.Notification.refusal(writingTo: $0.values, by: user.rawValue, readsIt: true) }
        case "audit_log":
            return existing == nil ? OutpostSchema.AuditLog.refusal(creating: values, by: user.rawValue, on: device.rawValue) : nil
        case "org_unit", "user":
            return try organisationRefusal(writing: values, to: entity, id: id, existing: existing, user: user, in: db)
        default:
            return nil
        }
    }

    // MARK: - Private

    private func organisationRefusal(writing values: [FieldName: FieldValue], to entity: EntityName, id: RowID, existing: RowState?,
                                     user: UserID, in db: Database) throws -> WriteRefusal? {
        guard let users = tables[OutpostSchema.User.schema.name], let units = tables[OutpostSchema.OrgUnit.schema.name],
              let me = try users.load(RowID(user.rawValue), in: db) else { return nil }
        func branch(of row: RowState?) -> String? {
            guard let unit = row?.values[FieldName("org_unit_id")]?.textValue else { return nil }
            return OutpostSchema.OrgUnit.branch(of: unit) { try? units.load(RowID($0), in: db) }
        }
        let position = me.values[FieldName("position")]?.textValue
        let editor = OrganisationEditing.Editor(user: user.rawValue, position: position, branch: branch(of: me))
        // Whose records the user changes: nobody else's without roles, unless a team lead (their
        // team, which the server works out); with roles, the server knows.
        let hasRoles = !(me.values[FieldName("role_ids")]?.listValue ?? []).isEmpty
        let managesUser: Bool? = hasRoles || position == "team_lead" ? nil : false
        let fields: [FieldName?] = existing == nil ? [nil] : values.keys.sorted().map { $0 }
        for field in fields {
            if let refusal = OrganisationEditing.refusal(writing: field, of: entity, id: id.rawValue, userBranch: branch(of: existing),
                                                         managesUser: managesUser, by: editor) {
                return refusal
            }
        }
        return nil
    }
}
