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

/// Which rows one pull page delivers, and how, before any row is read: from the scope index
/// (`ScopedPage`) or, for a reader without scope, straight from the change log.
struct PageSelection: Sendable {
    /// The page's rows, in log order.
    var items: [ScopedPage.Item]
    /// The position up to which the reader holds every field (see `CursorFormat`).
    var since: Int64
    /// The cursor after this page.
    var nextCursor: PullCursor
    /// Whether more entries lie after the page.
    var hasMore: Bool
    /// Set when the cursor's scope no longer matched and the pull started again.
    var restarted: Bool?

    /// The rows of a scoped page read from `start`.
    init(_ page: ScopedPage, from start: CursorFormat) {
        self.init(items: page.items, since: start.since, nextCursor: page.nextCursor(from: start), hasMore: page.hasMore)
    }

    init(items: [ScopedPage.Item], since: Int64, nextCursor: PullCursor, hasMore: Bool) {
        self.items = items
        self.since = since
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }

    /// The page, from the loaded states of the rows it delivers (a row missing from `states`
    /// is skipped).
    func page(states: [EntityName: [RowID: RowState]]) -> PullPage {
        var rows: [PulledRow] = []
        rows.reserveCapacity(items.count)
        for item in items {
            if item.evicted {
                rows.append(.eviction(entity: item.entity, id: item.id))
                continue
            }
            guard let state = states[item.entity]?[item.id] else { continue }
            var row = PulledRow.delivering(state, entity: item.entity, id: item.id, since: since, whole: item.whole, hidden: item.hidden)
            if item.replaces { row.replaces = true }
            rows.append(row)
        }
        var page = PullPage(rows: rows, nextCursor: nextCursor, hasMore: hasMore)
        if let restarted { page.restarted = restarted }
        return page
    }

    /// The rows to load, by entity: those delivered whole, and those that deliver only the
    /// fields written after `since` (their other values need not be read).
    var rowsToLoad: [EntityName: (whole: [RowID], changed: [RowID])] {
        Dictionary(grouping: items.filter { !$0.evicted }, by: \.entity).mapValues { items in
            (items.filter(\.whole).map(\.id), items.filter { !$0.whole }.map(\.id))
        }
    }
}

extension ScopedPage.Item {
    /// Back as a pool row, or under roles that hide fields: whatever the reader held beyond
    /// the fields delivered must go.
    var replaces: Bool { whole && !hidden.isEmpty }
}

extension ScopedPage {
    /// The cursor after this page.
    func nextCursor(from start: CursorFormat) -> PullCursor {
        let next = endPosition ?? start.position
        // `since` stays put until the last page (see `CursorFormat`).
        return hasMore ? CursorFormat(position: next, since: start.since, scope: start.scope).cursor
            : CursorFormat.complete(at: next, scope: start.scope)
    }
}
