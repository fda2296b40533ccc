import OutpostCore
import OutpostDomain
import OutpostReplica

/// A conflict this user lost, as `outpost conflicts` shows it: both values, who won, why, when.
struct ConflictSummary: Encodable {
    /// The server's conflict id.
    var id: String
    /// The entity of the row.
    var entity: String
    /// The row's full id.
    var rowID: String
    /// The field both writes touched.
    var field: String
    /// The value this user wrote.
    var myValue: FieldValue
    /// The clock of that write.
    var myClock: String
    /// The value that won.
    var winningValue: FieldValue
    /// The clock of the winning write.
    var winningClock: String
    /// Who wrote the winning value.
    var winningAuthor: String
    /// True when the winning value is withheld: the row left this user's scope, or a pool
    /// hides the field.
    var winnerHidden: Bool
    /// The merge rule that decided.
    var rule: String
    /// When the server recorded the conflict, ISO-8601.
    var recordedAt: String
    /// True when the field holds this user's value now (a later edit of theirs, or a restore
    /// brought the lost one back): the loss was made good.
    var replacedByYou: Bool
    /// True when a later edit of this user holds the field with another value.
    var changedByYouSince: Bool

    /// Describes a stored lost conflict.
    init(_ conflict: LostConflict) {
        id = conflict.id
        entity = conflict.entity.rawValue
        rowID = conflict.rowID.rawValue
        field = conflict.field.rawValue
        myValue = conflict.myValue
        myClock = conflict.myClock
        winningValue = conflict.winningValue
        winningClock = conflict.winningClock
        winningAuthor = conflict.winningAuthor.rawValue
        winnerHidden = conflict.winnerHidden
        rule = conflict.rule
        recordedAt = TimeText.iso8601(milliseconds: conflict.recordedAt)
        replacedByYou = conflict.replacedByYou
        changedByYouSince = conflict.changedByYouSince
    }

    /// The table: when, entity, short row id, field, mine → winner, who won, the rule and what it means.
    static func table(_ conflicts: [ConflictSummary]) -> TextTable {
        var table = TextTable(headers: ["WHEN (UTC)", "ENTITY", "ROW", "FIELD", "YOURS → WINNER", "WON BY", "RULE", "NOW"])
        table.maximumCellWidth = 48
        for conflict in conflicts {
            table.append([conflict.recordedAt, conflict.entity, RowID(conflict.rowID).short, conflict.field,
                          "\(conflict.readable(conflict.myValue)) → \(conflict.winnerText)", conflict.winningAuthor,
                          explanation(of: conflict.rule), conflict.nowText])
        }
        return table
    }

    // MARK: - Private

    /// The winner as a person reads it: a tombstone is the record's deletion, not `true`.
    private var winnerText: String {
        if winnerHidden { return "(hidden: no longer yours to see)" }
        if rule == "tombstone" { return "(deleted)" }
        return readable(winningValue)
    }

    /// Where the field stands now for this user, when it is theirs again or theirs since.
    private var nowText: String {
        if replacedByYou { return "yours again (the field holds your value now)" }
        if changedByYouSince { return "changed by you since" }
        return ""
    }

    /// A value of this conflict's field as a person reads it (a time as ISO-8601, a stage as
    /// its word); as stored for a field this build does not know.
    private func readable(_ value: FieldValue) -> String {
        guard let type = OutpostSchema.current.entity(EntityName(entity))?.field(FieldName(field))?.type else { return value.description }
        return FieldText.readable(value, of: type, compact: true)
    }

    /// The rule's name with what it means, for rules this build knows: short enough for the
    /// table's cells (48 characters), which cut longer texts.
    private static func explanation(of rule: String) -> String {
        switch rule {
        case "lastWriterWins": "lastWriterWins (the later write wins)"
        case "immutable", "appendOnly": "\(rule) (the first write stays)"
        case "reopenEpoch": "reopenEpoch (written before a reopen)"
        case "tombstone": "tombstone (deleted; a restore brings it back)"
        default: rule
        }
    }
}
