import OutpostCore
import OutpostDomain

/// A converted lead is read-only: its data lives on in the customer, and the lead
/// stays as the conversion trail. The server refuses a client's write to it (an edit, a
/// delete, a tag) and a merge that names it, with `lead.already_converted`; what the server
/// writes itself (derived fields, conversion links) does not pass through here.
enum ConvertedLeads {
    /// The refusal of a client write to the row `key`, when it is a converted lead.
    static func refusal(ofWritingTo key: RowKey, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        guard key.entity == .lead, let row = workspace.row(key) else { return nil }
        return refusal(of: row.values)
    }

    /// The refusal of a change to the lead holding `values`, when it was converted.
    static func refusal(of values: [FieldName: FieldValue]) -> CommandRefusal? {
        guard OutpostSchema.Lead.isConverted(values) else { return nil }
        return CommandRefusal(code: OutpostSchema.Lead.alreadyConvertedCode, message: OutpostSchema.Lead.readOnlyMessage(values))
    }
}
