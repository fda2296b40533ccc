import OutpostCore

extension OutpostSchema.OrgUnit {
    /// The branch `unit` belongs to: the unit itself or its nearest `branch` ancestor; nil for
    /// the company (head office), an unknown unit, or a chain deeper than the tree can be.
    /// - Parameter unitRow: the `org_unit` row of an id, nil when it is not known.
    public static func branch(of unit: String, unitRow: (String) -> RowState?) -> String? {
        var current = unit
        for _ in 0..<8 {
            guard let row = unitRow(current) else { return nil }
            if row.values[FieldName("kind")]?.textValue == "branch" { return current }
            guard let parent = row.values[FieldName("parent_id")]?.textValue, !parent.isEmpty else { return nil }
            current = parent
        }
        return nil
    }
}
