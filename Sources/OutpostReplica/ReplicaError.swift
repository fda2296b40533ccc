import OutpostCore
import OutpostProtocol

/// What can go wrong on the laptop, with what to do next.
public enum ReplicaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The replica has not been set up with `outpost init`.
    case notInitialized(path: String)
    /// A value does not fit its field, or the row would break a rule of the schema. `code` is
    /// the stable code the server would answer with (`phone.invalid_format`,
    /// `validation.required`, `change.server_owned_field`, …).
    case invalidEdit(entity: EntityName, field: FieldName, code: String, reason: String)
    /// The server would refuse `command` on this row, so it was not queued. `code` is the
    /// stable code the server would answer with (`lead.already_converted`).
    case refusedCommand(command: CommandName, entity: EntityName, id: RowID, code: String, reason: String)
    /// No row has this id (or id prefix).
    case noSuchRow(entity: EntityName, id: String)
    /// An id prefix matches several rows (`matches`: how many the lookup found before it
    /// stopped looking, at least 2).
    case ambiguousID(entity: EntityName, prefix: String, matches: Int)
    /// The entity's rows cannot be edited or deleted (append-only facts).
    case notEditable(entity: EntityName)
    /// A journal entry cannot be read back (the file was damaged outside Outpost).
    case corruptJournal(sequence: Int64)
    /// The user may not export (R-10.1, DOMAIN §2.9: `lead.export`, or team lead and above).
    case exportNotAllowed(user: UserID, reason: String)
    /// The replica holds another user's data and journal: it cannot change hands.
    case belongsToAnotherUser(path: String, owner: UserID, requested: UserID)
    /// An export that cannot be made as asked (an unknown entity or field, a file that cannot
    /// be written); nothing was written and nothing audited.
    case invalidExport(entity: String, code: String, reason: String)
    /// The server holds another database than the one this replica synced with (the replica
    /// was pointed at another server, spec §12.5): syncing would mix two stores' rows and
    /// change logs, so nothing was sent.
    case otherServerDatabase(serverURL: String, pendingEntries: Int)
    /// Another process held the replica file for longer than a command waits (an `outpost
    /// sync` still running, a database tool with the file open); nothing was changed.
    case inUse(path: String?)
    /// The file is not a replica SQLite can read (not a database, or damaged).
    case damaged(path: String?, reason: String)
    /// The disk holding the replica is full: the step that needed room was undone whole, and
    /// what the file held before it is kept.
    case diskFull(path: String?)
    /// The laptop was signed out (`outpost logout`): it keeps its rows and unsent changes, and
    /// syncs again once signed in.
    case signedOut(path: String)

    /// The stable code of an `invalidEdit`, a refused command, a refused or invalid export, an
    /// id that finds no row or several; nil for the other cases.
    public var code: String? {
        switch self {
        case .invalidEdit(_, _, let code, _): code
        case .refusedCommand(_, _, _, let code, _): code
        case .exportNotAllowed: "permission.not_allowed"
        case .otherServerDatabase: "sync.other_server"
        case .inUse: "replica.in_use"
        case .damaged: "replica.damaged"
        case .diskFull: "replica.disk_full"
        case .signedOut: "replica.signed_out"
        case .invalidExport(_, let code, _): code
        case .noSuchRow: "input.no_such_row"
        case .ambiguousID: "input.ambiguous_id"
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .notInitialized(let path):
            "The replica at \(path) is not set up. Run `outpost init --server URL --user ID --token TOKEN` first."
        case let .invalidEdit(entity, field, _, reason):
            "Cannot save \(entity).\(field): \(reason)"
        case let .refusedCommand(command, entity, id, _, reason):
            "Cannot \(command) \(entity) \(id): \(reason) Nothing was queued."
        case let .noSuchRow(entity, id):
            "No \(entity) with id '\(id)' on this laptop. `outpost lead list` shows the ids; type one whole, or at least its last \(Replica.shortestPartialID) characters."
        case let .ambiguousID(entity, prefix, _):
            "'\(prefix)' matches more than one \(entity). Type more characters of the id: tables show its last 12."
        case .notEditable(let entity):
            "\(entity) records are facts: they cannot be edited or deleted once written."
        case .corruptJournal(let sequence):
            "Journal entry \(sequence) cannot be read. Copy the replica file aside and report it; do not delete it."
        case let .exportNotAllowed(user, reason):
            "\(user) may not export: \(reason) Nothing was written."
        case let .belongsToAnotherUser(path, owner, requested):
            "The replica at \(path) belongs to \(owner): it holds their rows and unsent changes. Set up \(requested) in a new replica file (--replica PATH); nothing was changed."
        case let .invalidExport(entity, _, reason):
            "Cannot export \(entity): \(reason) Nothing was written."
        case .inUse(let path):
            "Another process is using the replica\(path.map { " at \($0)" } ?? "") (an `outpost sync` still running, or a database tool "
                + "with the file open); nothing was changed. Try again when it has finished."
        case let .damaged(path, reason):
            "The file\(path.map { " at \($0)" } ?? "") is not a replica this build can read (\(reason)). Keep a copy of it (its unsent changes "
                + "are in its journal), and set up a new replica file with `outpost --replica NEW.sqlite init …`."
        case .diskFull(let path):
            "The disk holding the replica\(path.map { " at \($0)" } ?? "") is full. The last step was undone; everything saved "
                + "before it is kept. Free some space and run the command again (a sync carries on where it stopped)."
        case .signedOut(let path):
            "The replica at \(path) is signed out: it keeps its rows and unsent changes. Sign in again with "
                + "`outpost init --server URL --mobile NUMBER` to sync them."
        case let .otherServerDatabase(serverURL, pending):
            "The server at \(serverURL) holds another database than the one this replica synced with, so nothing was sent or received: "
                + "syncing would mix the two. Set up a new replica file for this server (`outpost --replica NEW.sqlite init …`)"
                + (pending == 0 ? "." : "; this file keeps its \(pending) unsent \(pending == 1 ? "change" : "changes") for the server it came from.")
        }
    }
}
