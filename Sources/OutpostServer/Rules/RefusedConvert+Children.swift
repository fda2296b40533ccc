import OutpostCore

extension RefusedConvert {
    /// Re-points a new follow-up, check-in or appointment about a row a refused convert undid
    /// (`lead(standingFor:)`) to the lead that convert named, following the lead's
    /// `merged_into_id` chain: a follow-up's or check-in's subject becomes the lead, an
    /// appointment's `customer_id` gives way to `lead_id`. It applies whether the child came in
    /// the same push as the refused convert (after it, in sequence order) or in a later one,
    /// before the child's own rules run, so they judge it against the lead (R-8.4: a
    /// follow-up by someone who no longer owns the lead is flagged `author_not_owner`).
    ///
    /// Only to a lead its author still reads or owned before (the transfer that made the
    /// convert `permission.not_owner` keeps them as `previous_owner_id`), as accepts
    /// facts: a convert of a lead never in the author's scope carries nothing into it, and
    /// its children stay beneath the tombstone (DOMAIN §3.2 rule 6).
    /// - Parameter scope: what the author may read; nil when the server has no organisation.
    /// - Returns: the lead the child now names, or nil when it was left as it was.
    static func repoint(_ child: RowKey, author: UserID, scope: ReaderScope?, in workspace: inout PlanWorkspace) -> RowKey? {
        guard let row = workspace.row(child) else { return nil }
        let parentField: String
        switch child.entity {
        case .followUp, .checkIn: parentField = "subject_id"
        case .appointment: parentField = "customer_id"
        default: return nil
        }
        let parentType = child.entity == .appointment ? EntityName.customer.rawValue : row.values[FieldName("subject_type")]?.textValue
        guard let parentType, let parentID = row.values[FieldName(parentField)]?.textValue, !parentID.isEmpty,
              let standIn = lead(standingFor: RowKey(entity: EntityName(parentType), id: RowID(parentID)), in: &workspace) else { return nil }
        let lead = workspace.head(of: standIn)
        guard let leadRow = workspace.row(lead), mayFollowUp(on: lead, leadRow, by: author, scope: scope, in: &workspace) else { return nil }
        let values: [String: FieldValue] = child.entity == .appointment
            ? ["customer_id": .null, "lead_id": .text(lead.id.rawValue)]
            : ["subject_type": .text(EntityName.lead.rawValue), "subject_id": .text(lead.id.rawValue)]
        workspace.serverWrite(child, values)
        return lead
    }

    // MARK: - Private

    /// Whether `author` may still write about `lead`: they read it, or owned it before.
    private static func mayFollowUp(on lead: RowKey, _ row: RowState, by author: UserID, scope: ReaderScope?,
                                    in workspace: inout PlanWorkspace) -> Bool {
        guard let scope else { return true }
        if row.values[FieldName("previous_owner_id")]?.textValue == author.rawValue { return true }
        return scope.mayRead(RowScopeRules.keys(of: lead, schema: workspace.schema) { workspace.row($0) })
    }
}
