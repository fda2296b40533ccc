import OutpostCore
import OutpostProtocol

/// What a user may still see of the conflicts they lost (`GET /v1/conflicts`): the conflict log
/// keeps every value, but a winning value the user may no longer read is not sent. It is
/// withheld (`winnerHidden`, value null) when the row has left the user's scope, when the user's
/// roles now hide the field, or when the user reads the row only through a pool that hides it.
/// The user's own losing value is always theirs to see.
enum ConflictRedaction {
    /// The entries as `scope` may see them; `keysOf` gives a row's current scope keys.
    static func redact(_ entries: [ConflictEntry], for scope: ReaderScope, keysOf: (RowKey) throws -> Set<ScopeKey>) rethrows -> [ConflictEntry] {
        try entries.map { entry in
            let keys = try keysOf(RowKey(entity: entry.entity, id: entry.rowID))
            guard !scope.mayRead(entry.field, of: entry.entity, carrying: keys) else { return entry }
            var redacted = entry
            redacted.winner.version.value = .null
            redacted.winnerHidden = true
            return redacted
        }
    }
}
