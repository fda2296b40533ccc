import OutpostCore

/// One lead as `outpost lead list` shows it.
struct LeadSummary: Encodable {
    /// The lead's full id.
    var id: String
    /// Whether it is deleted (only listed with `--deleted`).
    var isDeleted: Bool
    /// Every written field by schema name (null for a cleared field).
    var fields: [String: FieldValue]

    /// Summarizes a stored row.
    init(id: RowID, state: RowState) {
        self.id = id.rawValue
        isDeleted = state.isDeleted
        fields = Dictionary(uniqueKeysWithValues: state.values
            .filter { $0.key != .deleted }
            .map { ($0.key.rawValue, $0.value) })
    }

    /// The compact table: short id, name, mobile, intent, student (and state when deleted
    /// leads are included).
    static func table(_ leads: [LeadSummary], showingState: Bool) -> TextTable {
        let columns: [LeadField] = [.name, .mobile, .intent, .student]
        var table = TextTable(headers: ["ID"] + columns.map { $0.rawValue.uppercased() } + (showingState ? ["STATE"] : []))
        for lead in leads {
            let cells = columns.map { FieldText.display(lead.fields[$0.schemaName.rawValue], type: nil) }
            table.append([RowID(lead.id).short] + cells + (showingState ? [lead.isDeleted ? "deleted" : "live"] : []))
        }
        return table
    }
}
