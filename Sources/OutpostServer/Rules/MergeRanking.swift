import OutpostCore
import OutpostDomain

/// Which value a merge keeps for a field whose values are ranked: the highest across
/// head and tails, not the head's. A ranked policy (`trueWins`, `precedence`, `forwardOnly`)
/// ranks as a concurrent write would, so a merge never re-enables calls to a parent who asked
/// not to be called (`do_not_contact`, §3.3) nor drags a status back; intent, last-writer-wins
/// between edits, is "max" in a merge (A the highest). Pure: values in, a verdict out.
enum MergeRanking {
    /// Fields takes the highest of although edits to them are last-writer-wins, with
    /// their words from highest to lowest, by entity.
    private static let highestFirst: [String: [String: [String]]] = [
        "lead": ["intent_level": OutpostSchema.intentLevels],
    ]

    /// Whether a merge replaces the head's `head` value of `field` with the tail's `tail`;
    /// nil when the field's values are not ranked (the head's value then stays unless empty).
    /// A value only a command may set (a converted tail's status) is never carried over.
    static func prefersTail(_ tail: FieldValue, over head: FieldValue, field: FieldSchema, of entity: EntityName) -> Bool? {
        if let words = highestFirst[entity.rawValue]?[field.name.rawValue] {
            let rank = { (value: FieldValue) in value.textValue.flatMap { words.firstIndex(of: $0) }.map { words.count - $0 } ?? 0 }
            return rank(tail) > rank(head)
        }
        guard let ranked = field.policy.rule as? any RankedMergeRule else { return nil }
        if let word = PlanWorkspace.word(tail),
           CommandOnlyValues.table[entity.rawValue]?[field.name.rawValue]?.contains(word) == true {
            return false
        }
        return head == .null || ranked.ranks(tail, above: head)
    }
}
