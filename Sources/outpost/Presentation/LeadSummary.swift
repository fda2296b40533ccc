import OutpostCore

/// One lead as `outpost lead list` shows it.
struct LeadSummary: Encodable {
    /// The lead's full id.
    var id: String
    /// Whether it is deleted (only listed with `--deleted`).
    var isDeleted: Bool
    /// Every written field by schema name (null for a cleared field).
    var fields: [String: FieldValue]
    /// The commands queued on this lead and not yet answered (`claim`, `convert`, …): the
    /// server decides them at the next sync, so the row shows them as pending.
    /// Absent when there are none.
    var pendingCommands: [String]?

    /// Summarizes a stored row, with the names of the commands still pending on it.
    init(id: RowID, state: RowState, pendingCommands: [String] = []) {
        self.id = id.rawValue
        isDeleted = state.isDeleted
        self.pendingCommands = pendingCommands.isEmpty ? nil : pendingCommands
        fields = Dictionary(uniqueKeysWithValues: state.values
            .filter { $0.key != .deleted }
            .map { ($0.key.rawValue, $0.value) })
    }

    /// The fields `--search` looks in.
    private static let searchedFields = ["contact_name", "student_name", "mobile", "telephone", "wechat_id", "remark"].map { FieldName($0) }

    /// Whether a lead's name, student, mobile, telephone, WeChat id or remark holds `text`
    /// (letters in any case and width, numbers however formatted: `LeadSearch`).
    static func matching(_ text: String) -> (RowState) -> Bool {
        let search = LeadSearch(text)
        return { row in searchedFields.contains { row.values[$0]?.textValue.map(search.matches) == true } }
    }

    /// The compact table: short id, name, mobile, intent, student (and the next follow-up when
    /// a lead has one planned, the status and owner when `ownerNames` is given, by user id, the
    /// state when deleted leads are included, and the pending commands when a lead has any:
    /// "claim pending").
    static func table(_ leads: [LeadSummary], showingState: Bool, ownerNames: [String: String]? = nil) -> TextTable {
        let columns: [LeadField] = [.name, .mobile, .intent, .student]
        let showingPending = leads.contains { $0.pendingCommands != nil }
        let showingNext = leads.contains { $0.nextFollowUp != nil }
        var table = TextTable(headers: ["ID"] + columns.map { $0.rawValue.uppercased() } + (showingNext ? ["NEXT FOLLOW-UP (UTC)"] : [])
                              + (ownerNames != nil ? ["STATUS", "OWNER"] : [])
                              + (showingState ? ["STATE"] : []) + (showingPending ? ["PENDING"] : []))
        for lead in leads {
            let cells = columns.map { FieldText.display(lead.fields[$0.schemaName.rawValue], type: nil) }
            let next = lead.nextFollowUp.map(TimeText.iso8601(milliseconds:)) ?? ""
            let wide = ownerNames.map { [lead.statusText, lead.ownerText(names: $0)] } ?? []
            let pending = lead.pendingCommands.map { $0.map { "\($0) pending" }.joined(separator: ", ") } ?? ""
            table.append([RowID(lead.id).short] + cells + (showingNext ? [next] : []) + wide
                         + (showingState ? [lead.isDeleted ? "deleted" : "live"] : []) + (showingPending ? [pending] : []))
        }
        return table
    }

    /// The lead's stage (`new`, `contacted`, … `converted`).
    private var statusText: String {
        fields["status"].flatMap(StageValue.init)?.stage ?? FieldText.display(fields["status"], type: nil)
    }

    /// Who owns the lead, by name when the laptop holds their user row; "public pool" for a pool lead.
    private func ownerText(names: [String: String]) -> String {
        if fields["pool_state"]?.textValue == "public" { return "public pool" }
        guard let owner = fields["owner_id"]?.textValue else { return FieldValue.null.description }
        return names[owner] ?? owner
    }

    /// When the lead is to be followed up next, if planned.
    private var nextFollowUp: Int64? { fields["next_followup_at"]?.integerValue }
}
