import OutpostCore
import OutpostProtocol

extension PulledRow {
    /// A row as a pull delivers it: the fields changed after `since` (every field when
    /// `whole`: the row just joined the reader's scope), without `hidden` ones.
    static func delivering(_ state: RowState, entity: EntityName, id: RowID, since: Int64, whole: Bool = false,
                           hidden: Set<FieldName> = []) -> PulledRow {
        var fields: [String: WireFieldVersion] = [:]
        // Counted first: a bootstrap delivers every field, a later pull one or two, and a
        // dictionary grown field by field is rehashed five times on the way to thirty-odd.
        fields.reserveCapacity(whole ? state.stamps.byField.count
                                     : state.stamps.byField.values.reduce(0) { $0 + ($1.logPosition > since ? 1 : 0) })
        for (field, stamp) in state.stamps.byField where (whole || stamp.logPosition > since) && (hidden.isEmpty || !hidden.contains(field)) {
            fields[field.rawValue] = WireFieldVersion(FieldVersion(value: state.values[field] ?? .null, clock: stamp.clock, author: stamp.author))
        }
        return PulledRow(entity: entity, id: id, fields: fields)
    }
}

extension ScopedPage {
    /// The page's rows, from the loaded states of the rows it delivers (a row missing from
    /// `states` is skipped).
    func rows(since: Int64, states: [EntityName: [RowID: RowState]]) -> [PulledRow] {
        var rows: [PulledRow] = []
        rows.reserveCapacity(items.count)
        for item in items {
            if item.evicted {
                rows.append(.eviction(entity: item.entity, id: item.id))
                continue
            }
            guard let state = states[item.entity]?[item.id] else { continue }
            var row = PulledRow.delivering(state, entity: item.entity, id: item.id, since: since, whole: item.whole, hidden: item.hidden)
            // Back as a pool row, or under roles that hide fields: whatever the reader held beyond
            // these fields must go.
            if item.whole, !item.hidden.isEmpty { row.replaces = true }
            rows.append(row)
        }
        return rows
    }

    /// The rows to load, by entity: those delivered whole, and those that deliver only the
    /// fields written after the page's `since` (their other values need not be read).
    var rowsToLoad: [EntityName: (whole: [RowID], changed: [RowID])] {
        Dictionary(grouping: items.filter { !$0.evicted }, by: \.entity).mapValues { items in
            (items.filter(\.whole).map(\.id), items.filter { !$0.whole }.map(\.id))
        }
    }

    /// The cursor after this page.
    func nextCursor(from start: CursorFormat) -> PullCursor {
        let next = endPosition ?? start.position
        // `since` stays put until the last page (see `CursorFormat`).
        return hasMore ? CursorFormat(position: next, since: start.since, scope: start.scope).cursor
            : CursorFormat.complete(at: next, scope: start.scope)
    }
}
