/// A set of tags that two people can change concurrently without losing either change: an
/// observed-remove set. Each add carries a unique id; a remove lists the add ids it saw, so a
/// concurrent add (with an id the remover never saw) survives: add wins.
///
/// As a field value: `{"adds": {"tag": ["add id", …]}, "removes": ["add id", …]}`. Merging
/// two sets is a union of both parts, which is commutative, associative and idempotent, so
/// any delivery order converges.
public struct ObservedRemoveSet: Hashable, Sendable {
    /// The add ids of each tag ever added.
    public private(set) var adds: [String: Set<String>]
    /// The add ids that were removed.
    public private(set) var removes: Set<String>

    /// An empty set.
    public init() {
        adds = [:]
        removes = []
    }

    /// Reads a field value of the set's shape (null reads as empty); nil for any other shape.
    public init?(_ value: FieldValue) {
        if value == .null {
            adds = [:]
            removes = []
            return
        }
        guard let members = value.objectValue, Set(members.keys) == ["adds", "removes"],
              let addMembers = members["adds"]?.objectValue, let removeList = members["removes"]?.listValue else { return nil }
        var adds: [String: Set<String>] = [:]
        for (tag, ids) in addMembers {
            guard let list = ids.listValue else { return nil }
            let texts = list.compactMap(\.textValue)
            guard texts.count == list.count, !texts.isEmpty else { return nil }
            adds[tag] = Set(texts)
        }
        let removes = removeList.compactMap(\.textValue)
        guard removes.count == removeList.count else { return nil }
        self.adds = adds
        self.removes = Set(removes)
    }

    /// The tags present: those with an add id not removed.
    public var elements: Set<String> {
        Set(adds.compactMap { tag, ids in ids.isSubset(of: removes) ? nil : tag })
    }

    /// The set with `tag` added under the unique `addID` (use the write's clock text).
    public func adding(_ tag: String, addID: String) -> ObservedRemoveSet {
        var copy = self
        copy.adds[tag, default: []].insert(addID)
        return copy
    }

    /// The set with `tag` removed: every add of it seen so far is marked removed.
    public func removing(_ tag: String) -> ObservedRemoveSet {
        var copy = self
        copy.removes.formUnion(adds[tag] ?? [])
        return copy
    }

    /// Both sets' adds and removes together.
    public func joined(with other: ObservedRemoveSet) -> ObservedRemoveSet {
        var copy = self
        copy.adds.merge(other.adds) { $0.union($1) }
        copy.removes.formUnion(other.removes)
        return copy
    }

    /// The field value.
    public var fieldValue: FieldValue {
        .object([
            "adds": .object(adds.mapValues { ids in .list(ids.sorted().map(FieldValue.text)) }),
            "removes": .list(removes.sorted().map(FieldValue.text)),
        ])
    }
}
