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

    /// The fields a table shows, at most `limit`: those a person writes (not server-owned, not
    /// `created_at`), required ones first; then, for entities the server mostly writes
    /// (notifications, shares, ownership events), its required fields and then the others.
    static func mainFields(of entity: EntitySchema, limit: Int = 5) -> [FieldSchema] {
        let shown = entity.dataFields.filter { $0.name.rawValue != "created_at" }
        let isServers = { (field: FieldSchema) in field.policy.name == MergePolicy.serverOwned.name }
        let writable = shown.filter { !isServers($0) }, servers = shown.filter(isServers)
        let ordered = writable.filter(\.isRequired) + writable.filter { !$0.isRequired }
            + servers.filter(\.isRequired) + servers.filter { !$0.isRequired }
        return Array(ordered.prefix(limit))
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
