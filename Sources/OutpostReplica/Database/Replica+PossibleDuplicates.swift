import GRDB
import OutpostCore
import OutpostDomain

/// A record this laptop holds with the same de-dup key as one just saved.
public struct PossibleDuplicate: Sendable, Equatable {
    /// Its entity.
    public var entity: EntityName
    /// Its id.
    public var id: RowID
    /// The key they share (`mobile`, `wechat_id`).
    public var field: FieldName
    /// The key's value.
    public var value: String
    /// Its name as people know it (a lead's contact name), when it has one.
    public var name: String?
}

extension Replica {
    /// offline de-dup: the live records this laptop holds (leads, customers, contacts)
    /// that share a key (`DuplicateKeys`) with row `id` of `entity`, as saved; only `fields`
    /// when given (the keys an edit changed). The laptop warns (`possible_duplicate`); the
    /// server, which sees everyone's records, decides.
    public func possibleDuplicates(of id: RowID, in entity: EntityName, fields: Set<FieldName>? = nil) throws -> [PossibleDuplicate] {
        try database.read { db in
            guard let saved = try tables[entity]?.load(id, in: db) else { return [] }
            var found: [PossibleDuplicate] = []
            for (field, holders) in DuplicateKeys.holders
            where DuplicateKeys.fieldsByEntity[entity.rawValue]?.contains(field) == true && fields?.contains(FieldName(field)) != false {
                guard let value = saved.values[FieldName(field)], let text = value.textValue, !text.isEmpty else { continue }
                for holder in holders {
                    guard let table = tables[holder], table.entity.field(FieldName(field)) != nil else { continue }
                    for match in try table.ids(where: FieldName(field), in: [value], in: db)[value] ?? [] where (holder, match) != (entity, id) {
                        guard let row = try table.load(match, in: db), !row.isDeleted, MergedRecord.head(in: row.values) == nil else { continue }
                        let name = (row.values[FieldName("contact_name")] ?? row.values[FieldName("name")])?.textValue
                        found.append(PossibleDuplicate(entity: holder, id: match, field: FieldName(field), value: text, name: name))
                    }
                }
            }
            return found
        }
    }
}
