import OutpostCore

/// One row of any entity as `outpost list` shows it.
struct RecordSummary: Encodable {
    /// The row's entity.
    var entity: String
    /// The row's full id.
    var id: String
    /// Whether it is deleted (only listed with `--deleted`).
    var isDeleted: Bool
    /// Every written field by schema name (null for a cleared field).
    var fields: [String: FieldValue]

    /// Summarizes a stored row.
    init(entity: EntityName, id: RowID, state: RowState) {
        self.entity = entity.rawValue
        self.id = id.rawValue
        isDeleted = state.isDeleted
        fields = Dictionary(uniqueKeysWithValues: state.values.filter { $0.key != .deleted }.map { ($0.key.rawValue, $0.value) })
    }

    /// The fields a table shows: those a person writes (not server-owned, not `created_at`),
    /// required ones first, at most `limit`.
    static func mainFields(of entity: EntitySchema, limit: Int = 5) -> [FieldSchema] {
        let writable = entity.dataFields.filter { $0.policy.name != MergePolicy.serverOwned.name && $0.name.rawValue != "created_at" }
        return Array((writable.filter(\.isRequired) + writable.filter { !$0.isRequired }).prefix(limit))
    }

    /// The table: short id, the main fields (and the state when deleted rows are included).
    static func table(_ rows: [RecordSummary], of entity: EntitySchema, showingState: Bool) -> TextTable {
        let columns = mainFields(of: entity)
        var table = TextTable(headers: ["ID"] + columns.map { $0.name.rawValue.uppercased() } + (showingState ? ["STATE"] : []))
        for row in rows {
            let cells = columns.map { FieldText.readable(row.fields[$0.name.rawValue] ?? .null, of: $0.type, compact: true) }
            table.append([RowID(row.id).short] + cells + (showingState ? [row.isDeleted ? "deleted" : "live"] : []))
        }
        return table
    }
}
