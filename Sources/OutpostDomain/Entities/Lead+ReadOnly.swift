import OutpostCore

extension OutpostSchema.Lead {
    /// The stable code a write to a converted lead, or a merge of one, is refused with (the
    /// same code a second `convert` and a `mark_invalid` of a converted lead answer).
    public static let alreadyConvertedCode = "lead.already_converted"

    /// Whether the lead holding `values` was converted to a customer. A converted lead is
    /// read-only: only the server writes to it (derived fields, conversion links),
    /// and a client's edit, delete or merge of it is refused with `alreadyConvertedCode`.
    public static func isConverted(_ values: [FieldName: FieldValue]) -> Bool {
        guard let status = values[FieldName("status")] else { return false }
        return (StageValue(status)?.stage ?? status.textValue) == "converted"
    }

    /// What a person is told when a write to the converted lead holding `values` is refused:
    /// where its data lives now, and what to do instead.
    public static func readOnlyMessage(_ values: [FieldName: FieldValue]) -> String {
        let customer = values[FieldName("converted_customer_id")]?.textValue.map { " \($0)" } ?? ""
        return "This lead was converted to customer\(customer) and is read-only (R-14.3); edit the customer instead."
    }
}
