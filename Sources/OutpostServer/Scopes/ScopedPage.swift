import OutpostCore

/// One entry of the change log's scope index, as a pull reads it: the row `entity`/`id` was
/// last written at `position`; it joined `key` at `enteredAt`; `gone` when it left `key` at
/// `position` (an eviction for readers holding no other key of the row).
struct ScopeIndexEntry: Hashable, Sendable {
    var key: ScopeKey
    var position: Int64
    var entity: EntityName
    var id: RowID
    var enteredAt: Int64
    var gone: Bool
}

/// Which rows one scoped pull page delivers, merged from the index entries of each of the
/// reader's keys (each read in position order, at most `limit + 1` per key). Pure.
struct ScopedPage: Sendable {
    /// One row of the page.
    struct Item: Hashable, Sendable {
        var position: Int64
        var entity: EntityName
        var id: RowID
        /// The row left every key of the reader: send an eviction.
        var evicted: Bool
        /// The row joined one of the reader's keys after `since`: send every field.
        var whole: Bool
        /// Fields to leave out: the reader's roles hide them, or the row reaches the reader only
        /// through pools that hide them.
        var hidden: Set<FieldName>
    }

    var items: [Item] = []
    /// Whether more entries lie after the page.
    var hasMore = false
    /// The position of the page's last entry, whether or not it delivers an item (evictions a
    /// bootstrap skips, evictions dropped by `dropEvictions`): where the next page starts.
    private(set) var endPosition: Int64?

    /// Merges the entries read for each key.
    /// - Parameters:
    ///   - entriesByKey: per key, its first entries after the cursor, in position order, at most `limit + 1`.
    ///   - since: the position up to which the reader holds every field.
    ///   - skipEvictions: true for a pull from the beginning, where the reader holds nothing to evict.
    init(entriesByKey: [ScopeKey: [ScopeIndexEntry]], limit: Int, since: Int64, reader: ReaderScope, skipEvictions: Bool) {
        // A key that filled its read may hold more entries after its last one; positions up to
        // the smallest such last position are complete for every key.
        var complete = Int64.max
        for (_, entries) in entriesByKey where entries.count > limit {
            complete = min(complete, entries[entries.count - 1].position)
            hasMore = true
        }
        var byPosition: [Int64: [ScopeIndexEntry]] = [:]
        for (_, entries) in entriesByKey {
            for entry in entries where entry.position <= complete {
                byPosition[entry.position, default: []].append(entry)
            }
        }
        let positions = byPosition.keys.sorted()
        if positions.count > limit { hasMore = true }
        endPosition = positions.prefix(limit).last
        for position in positions.prefix(limit) {
            let entries = byPosition[position] ?? []
            guard let first = entries.first else { continue }
            let present = entries.filter { !$0.gone }
            if present.isEmpty {
                if !skipEvictions {
                    items.append(Item(position: position, entity: first.entity, id: first.id, evicted: true, whole: false, hidden: []))
                }
                continue
            }
            // Fields the reader's roles hide never leave the server, whatever key brings the row.
            var hidden = reader.fieldsHidden(in: first.entity)
            if present.allSatisfy({ $0.key.isPool }) {
                hidden = present.reduce(into: hidden) { fields, entry in fields.formUnion(reader.hiddenFields[entry.key] ?? []) }
            }
            items.append(Item(position: position, entity: first.entity, id: first.id, evicted: false,
                              whole: present.contains { $0.enteredAt > since }, hidden: hidden))
        }
    }

    /// The rows this page evicts: each left one of the reader's keys at its position, and no
    /// entry of another key of the reader shares that position.
    var evictedRows: [RowKey] {
        items.filter(\.evicted).map { RowKey(entity: $0.entity, id: $0.id) }
    }

    /// Drops the evictions of rows the reader still holds through another key (`held`, from the
    /// scope index as it is now). Such a row left a key (a claimed pool lead leaves its pool)
    /// and was written again before the reader pulled, so its entries under the reader's other
    /// keys moved past this page: those later entries deliver what changed, and evicting it
    /// here would leave the reader only the fields written since (DESIGN invariant 1).
    mutating func dropEvictions(ofRowsStillHeld held: Set<RowKey>) {
        guard !held.isEmpty else { return }
        items.removeAll { $0.evicted && held.contains(RowKey(entity: $0.entity, id: $0.id)) }
    }
}
