import OutpostCore

/// The keys matches records by: a normalized mobile number among leads, customers and
/// contacts, a WeChat id among leads and contacts. The server merges or links what they find
/// (`DuplicateRules`); a laptop only warns, from what it holds (R-2.5, `possible_duplicate`).
public enum DuplicateKeys {
    /// The code of a laptop's warning.
    public static let possibleDuplicateCode = "possible_duplicate"

    /// Each key field and the entities that hold it, in the order matches are taken.
    public static let holders: [(field: String, entities: [EntityName])] = [
        ("mobile", [EntityName("lead"), EntityName("customer"), EntityName("contact")]),
        ("wechat_id", [EntityName("lead"), EntityName("contact")]),
    ]

    /// entity → its key fields.
    public static let fieldsByEntity: [String: Set<String>] = holders.reduce(into: [:]) { table, holder in
        for entity in holder.entities { table[entity.rawValue, default: []].insert(holder.field) }
    }

    /// How people call each key.
    public static let names = ["mobile": "mobile", "wechat_id": "WeChat id"]
}
