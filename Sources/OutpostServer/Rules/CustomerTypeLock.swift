import OutpostCore
import OutpostDomain

/// DOMAIN §1.4: a customer's `customer_type` merges last-writer-wins until its first child
/// row (a contact, student, opportunity or order), and is fixed after it: a client's edit
/// that would change it then is refused with `customer.type_fixed`.
enum CustomerTypeLock {
    /// The refusal of writing `value` to `field` of the row `key`, when it changes a fixed type.
    static func refusal(writing value: FieldValue, to field: FieldName, of key: RowKey, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        guard key.entity == .customer, field.rawValue == "customer_type", let row = workspace.row(key),
              row.values[field] != value else { return nil }
        for child in OutpostSchema.Customer.childEntities
        where workspace.rows(child, where: FieldName("customer_id"), equals: .text(key.id.rawValue)).contains(where: { !$0.row.isDeleted }) {
            return CommandRefusal(code: OutpostSchema.Customer.typeFixedCode, message: OutpostSchema.Customer.typeFixedMessage)
        }
        return nil
    }
}
