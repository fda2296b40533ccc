import OutpostCore

/// A key of the change log's scope index (DESIGN "Scopes and permissions"): every row carries
/// the keys of the people who may see it, a reader holds a set of keys, and a pull reads only
/// the index entries of the reader's keys, so it costs what the reader receives, not what the
/// company changed. When a row's keys change, the keys it left get an eviction entry and the
/// keys it joined get the whole row.
struct ScopeKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The stored text, for example `owner:u-wang`.
    let rawValue: String

    init(rawValue: String) { self.rawValue = rawValue }

    /// Records owned by `user`, and the facts (follow-ups, check-ins) `user` wrote (R-8.1 a, e).
    static func owner(_ user: String) -> ScopeKey { ScopeKey(rawValue: "owner:" + user) }
    /// Records where `user` is a read-write team member (R-8.1 b).
    static func member(_ user: String) -> ScopeKey { ScopeKey(rawValue: "member:" + user) }
    /// Records where `user` is a read-only team member (R-8.1 b).
    static func reader(_ user: String) -> ScopeKey { ScopeKey(rawValue: "reader:" + user) }
    /// Records in the public pool of `branch` (R-8.1 d), delivered with the pool's hidden fields removed.
    static func pool(_ branch: String) -> ScopeKey { ScopeKey(rawValue: "pool:" + branch) }
    /// Every record of `branch`, for its manager (R-8.1 c, `unit_subtree` at branch level).
    static func branch(_ branch: String) -> ScopeKey { ScopeKey(rawValue: "branch:" + branch) }
    /// Every record of the company, for head office.
    static let everything = ScopeKey(rawValue: "all")
    /// Configuration and the organisation (units, users, pools, courses, sessions): everyone reads it.
    static let organisation = ScopeKey(rawValue: "org")

    /// Whether this is a pool key, whose rows are delivered without the pool's hidden fields.
    var isPool: Bool { rawValue.hasPrefix("pool:") }

    var description: String { rawValue }

    static func < (lhs: ScopeKey, rhs: ScopeKey) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How a row's scope keys changed in one plan: `old` before it, `new` after it (both empty
/// for a row that has none, `old` empty for a new row).
struct ScopeChange: Hashable, Sendable {
    var old: Set<ScopeKey>
    var new: Set<ScopeKey>

    /// The keys the row left: each gets an eviction entry.
    var left: Set<ScopeKey> { old.subtracting(new) }
}
