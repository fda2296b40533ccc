import OutpostCore

/// Where a row lives: entity and id.
struct RowKey: Hashable, Comparable, Sendable {
    var entity: EntityName
    var id: RowID

    static func < (lhs: RowKey, rhs: RowKey) -> Bool { (lhs.entity, lhs.id) < (rhs.entity, rhs.id) }
}

/// A question about stored rows: which rows of `entity` hold `value` in `field` (an indexed
/// key such as a normalized mobile, a subject id or an owner).
struct RowLookup: Hashable, Sendable {
    var entity: EntityName
    var field: FieldName
    var value: FieldValue
}

/// What the planner read from storage before planning: rows by key (present or known to be
/// absent) and the answers to lookups. The planner never touches storage; when it needs a
/// row or a lookup the snapshot does not hold, it says so (`PlanNeeds`), the store loads
/// them and plans again. Each round holds strictly more, so the rounds end.
struct RowSnapshot: Sendable {
    private(set) var rows: [RowKey: RowState] = [:]
    private(set) var absent: Set<RowKey> = []
    private(set) var lookups: [RowLookup: [RowID]] = [:]

    /// Records what a store found for `asked`: `found` holds the rows that exist.
    mutating func record(asked: some Sequence<RowKey>, found: [RowKey: RowState]) {
        for key in asked where found[key] == nil { absent.insert(key) }
        for (key, state) in found {
            rows[key] = state
            absent.remove(key)
        }
    }

    /// Records the ids a store found for `lookup` (their rows are recorded with `record`).
    mutating func record(_ lookup: RowLookup, ids: [RowID]) {
        lookups[lookup] = ids
    }

    /// The stored row, `.some(nil)` when it is known not to exist, nil when it was not loaded.
    func stored(_ key: RowKey) -> RowState?? {
        if let row = rows[key] { return .some(row) }
        return absent.contains(key) ? .some(nil) : nil
    }

    /// Whether the row existed before this push.
    func existed(_ key: RowKey) -> Bool { rows[key] != nil }
}

/// What a planning round lacked: rows and lookups the store must load before the next round.
struct PlanNeeds: Sendable, Equatable {
    var rows: Set<RowKey> = []
    var lookups: Set<RowLookup> = []

    var isEmpty: Bool { rows.isEmpty && lookups.isEmpty }
}
