import OutpostCore
import OutpostDomain

/// The org tree as admin commands read it from a store, outside a push's plan.
struct OrgTreeLookup {
    let store: any ChangeStore

    /// The branch `unit` belongs to, nil for a unit above the branches (head office) or one
    /// that does not exist.
    func branch(ofUnit unit: String) async throws -> String? {
        var rows: [String: RowState] = [:]
        var next: String? = unit
        for _ in 0..<8 {
            guard let id = next, rows[id] == nil, let row = try await store.storedRow(RowID(id), of: .orgUnit) else { break }
            rows[id] = row
            next = row.values[FieldName("parent_id")]?.textValue
        }
        return OutpostSchema.OrgUnit.branch(of: unit) { rows[$0] }
    }
}
