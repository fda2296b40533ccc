import GRDB
import OutpostCore
import OutpostDomain

extension Replica {
    /// DOMAIN §1.4 on the laptop: an edit that changes the `customer_type` of a customer with
    /// a child row this laptop holds is refused, as the server would refuse it.
    /// - Throws: `ReplicaError.invalidEdit` with `customer.type_fixed`.
    func refuseFixedCustomerType(writing values: [FieldName: FieldValue], to entity: EntityName, id: RowID, existing: RowState?,
                                 in db: Database) throws {
        let field = FieldName("customer_type")
        guard entity == OutpostSchema.Customer.schema.name, let existing, let value = values[field], existing.values[field] != value else { return }
        for child in OutpostSchema.Customer.childEntities {
            guard let table = tables[child] else { continue }
            for childID in try table.ids(where: FieldName("customer_id"), in: [.text(id.rawValue)], in: db).values.joined()
            where try table.load(childID, in: db)?.isDeleted == false {
                throw ReplicaError.invalidEdit(entity: entity, field: field, code: OutpostSchema.Customer.typeFixedCode,
                                               reason: OutpostSchema.Customer.typeFixedMessage)
            }
        }
    }
}
