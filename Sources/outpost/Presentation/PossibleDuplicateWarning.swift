import OutpostCore
import OutpostDomain
import OutpostReplica

/// after a save, a warning for each record this laptop holds with the same mobile or
/// WeChat id. The save stands; the server merges or links duplicates when the laptop syncs.
enum PossibleDuplicateWarning {
    /// Writes the warnings to standard error.
    /// - Parameter fields: the keys an edit changed (nil: a new row, every key).
    static func diagnose(_ replica: Replica, _ entity: EntityName, _ id: RowID, fields: Set<FieldName>? = nil) throws {
        for duplicate in try replica.possibleDuplicates(of: id, in: entity, fields: fields) {
            let who = duplicate.name.map { " (\($0))" } ?? ""
            let key = DuplicateKeys.names[duplicate.field.rawValue] ?? duplicate.field.rawValue
            Console.diagnose("Warning [\(DuplicateKeys.possibleDuplicateCode)]: \(duplicate.entity) \(duplicate.id.short)\(who) has the same \(key) "
                             + "\(duplicate.value). Both are saved; the server merges or links duplicates when you sync (R-2.3).")
        }
    }
}
