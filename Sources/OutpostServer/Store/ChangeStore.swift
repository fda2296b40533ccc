import OutpostCore
import OutpostProtocol

/// The server's storage: rows with per-field stamps, the commit-ordered change log, the
/// conflict log, and per-device push bookkeeping. One protocol, several stores (embedded
/// SQLite today; PostgreSQL joins it), all driven by the same merge code in OutpostCore.
/// Beside them, server-only identity data (`IdentityStore`) and the audit chain (`AuditTrail`).
public protocol ChangeStore: IdentityStore, AuditTrail {
    /// Records that `device` of `user` shook hands, with its measured clock skew.
    /// - Returns: the highest journal sequence and the latest clock this store has taken from
    ///   the device: a replica file restored from an older copy learns from them that
    ///   sequences and clocks it is about to use were used already
    ///   (`HandshakeResponse.deviceLastSequence`, `.deviceLastClock`).
    /// - Throws: `ServerError.deviceMismatch` when the device belongs to another user.
    @discardableResult
    func registerDevice(_ device: DeviceID, user: UserID, skewMilliseconds: Int64, serverNow: Int64) async throws -> RegisteredDevice

    /// The identity of this store's database: random, made with it, kept by a backup and its
    /// restore (`HandshakeResponse.storeID`).
    func storeID() async throws -> String

    /// Applies a push exactly once: entries already answered get their first answer again.
    /// - Throws: `ServerError.deviceMismatch`, `ServerError.malformedRequest` (sequences not increasing);
    ///   `ServerError.userDisabled`, having changed nothing, when the author's row says disabled
    ///   and the push holds more than audit rows (`DisabledUserPush.refuseIfDisabled`: the caller
    ///   quarantines it, R-10.3, `DisabledUserPush`), unless `authority` is `.quarantineRelease`.
    func apply(_ push: PushRequest, author: UserID, serverNow: Int64, authority: PushAuthority) async throws -> PushResponse

    /// The server's version of each field `changes` write, by entry sequence, where `user` may
    /// read it (spec §11.2 `currentVersion`): what a disabled user's refused writes show again.
    func currentVersions(of changes: [PushChange], readableBy user: UserID) async throws -> [Int64: WireFieldVersion]

    /// Reads the page of changes after `cursor` (nil: from the beginning) that `reader` may
    /// see: rows in the reader's scope (whole when they just joined it, without a pool's
    /// hidden fields when only the pool shows them), and evictions of rows that left it.
    /// A nil reader, or a store holding no organisation (no user rows), reads everything.
    /// - Throws: `ServerError.invalidCursor` or `.cursorAhead`.
    func pull(after cursor: PullCursor?, limit: Int, as reader: UserID?) async throws -> PullPage

    /// `pull`'s page, encoded in `layout`: what the pull route sends. A store may write it
    /// straight from its rows; by default it is `pull`'s page, encoded.
    func encodedPull(after cursor: PullCursor?, limit: Int, as reader: UserID?, layout: PullPageWriter.Layout) async throws -> EncodedPullPage

    /// The conflicts `user` lost, after a conflict-log position.
    func conflicts(lostBy user: UserID, after position: Int64, limit: Int) async throws -> ConflictList

    /// What the server has seen of a device's clock, or nil for an unknown device.
    func clockReport(for device: DeviceID) async throws -> DeviceClockReport?

    /// Writes rows only the server owns (the organisation, users, pools, trial sessions, paid
    /// orders from the academic system) as server writes, in one transaction: each value is
    /// checked against the schema and, where `overwriting` lets it, becomes newer than what
    /// the row held; replicas get the rows by the usual pull.
    /// - Parameter overwriting: `.everything` for an administrator's command; `.ownValuesOnly`
    ///   for a seed file read at start, which never undoes what someone wrote after it.
    /// - Throws: `SeedError` for an unknown entity or a value that does not fit.
    func seed(_ rows: [SeedRow], serverNow: Int64, overwriting: SeedOverwrite) async throws

    /// The row `id` of `entity` as stored (tombstoned or not), or nil when there is none: what
    /// admin commands check the units, roles and users they name against.
    func storedRow(_ id: RowID, of entity: EntityName) async throws -> RowState?

    /// Runs the reclaim job as of `serverNow`, in one transaction through the same
    /// planner and write path as `seed`: owned leads and customers whose pool rule fires go
    /// back to the pool (or to the next team member, `reallocate`). At most once per rule and
    /// company day: running it again the same day moves nothing more.
    /// - Returns: what moved.
    func runReclaim(serverNow: Int64) async throws -> ReclaimReport

    /// Places leads that reached head office: by referral, team or region
    /// to a branch, and by round-robin to a salesperson, in one transaction; the teams'
    /// round-robin cursors persist.
    /// - Parameter actor: who ingests (head office admin, marketing or branch manager).
    /// - Returns: where each lead went.
    /// - Throws: `ServerError.ingestRefused` (the actor's position, an unknown team, a bad value).
    func ingest(_ leads: [IngestLead], actor: UserID, serverNow: Int64) async throws -> IngestReport

    /// Moves a user to another org unit, in one transaction: their records in the branch they
    /// leave go to a colleague or the pool as `move` says (`UserMove`), then their row moves.
    /// - Throws: `AdministrationError` when the move is refused; nothing is written then.
    func moveUser(_ move: UserMove, serverNow: Int64) async throws -> UserMoveReport
}

extension ChangeStore {
    /// Applies the author's own push: `apply(_:author:serverNow:authority:)` with `.author`.
    public func apply(_ push: PushRequest, author: UserID, serverNow: Int64) async throws -> PushResponse {
        try await apply(push, author: author, serverNow: serverNow, authority: .author)
    }

    /// Writes rows only the server owns, every value over what the row held (an
    /// administrator's command): `seed(_:serverNow:overwriting:)` with `.everything`.
    public func seed(_ rows: [SeedRow], serverNow: Int64) async throws {
        try await seed(rows, serverNow: serverNow, overwriting: .everything)
    }

    /// Reads the page of changes after `cursor` with no scope: every row (operators' tools,
    /// backups, tests).
    public func pull(after cursor: PullCursor?, limit: Int) async throws -> PullPage {
        try await pull(after: cursor, limit: limit, as: nil)
    }

    public func encodedPull(after cursor: PullCursor?, limit: Int, as reader: UserID?, layout: PullPageWriter.Layout) async throws -> EncodedPullPage {
        try EncodedPullPage(try await pull(after: cursor, limit: limit, as: reader), layout: layout)
    }
}

/// A row the server writes on its own authority (`ChangeStore.seed`).
public struct SeedRow: Sendable, Hashable, Codable {
    /// The entity.
    public var entity: EntityName
    /// The row's id.
    public var id: RowID
    /// Field values by name (unnamed fields keep what they hold).
    public var values: [String: FieldValue]

    /// Creates a seed row.
    public init(entity: EntityName, id: RowID, values: [String: FieldValue]) {
        self.entity = entity
        self.id = id
        self.values = values
    }
}

/// Why a seed was refused.
public struct SeedError: Error, Hashable, CustomStringConvertible {
    /// What is wrong, naming the row and field.
    public var description: String
}

extension PushPlanner {
    /// The server writes of a seed, against `snapshot` (which holds the rows): with
    /// `.ownValuesOnly`, only of fields `SeedFileWrites` lets a seed file write.
    /// - Throws: `SeedError` for an unknown entity or field, or a value that does not fit.
    func planSeed(_ rows: [SeedRow], overwriting: SeedOverwrite, snapshot: RowSnapshot, serverNow: Int64) throws -> Plan {
        var workspace = PlanWorkspace(schema: schema, serverNow: serverNow, snapshot: snapshot,
                                      makeID: AscendingRowIDs(wallMilliseconds: serverNow).next)
        for row in rows {
            var values: [String: FieldValue] = [:]
            for (field, value) in row.values {
                do {
                    values[field] = try schema.validate(entity: row.entity, field: FieldName(field), value: value).value
                } catch {
                    throw SeedError(description: "\(row.entity) \(row.id): " + error.message(entity: row.entity, field: FieldName(field)))
                }
            }
            let key = RowKey(entity: row.entity, id: row.id)
            switch overwriting {
            case .everything:
                workspace.serverWrite(key, values)
            case .ownValuesOnly:
                let stored = workspace.row(key)
                workspace.serverWrite(key, values.filter { SeedFileWrites.mayWrite(FieldName($0.key), of: stored) },
                                      device: SeedFileWrites.device)
            }
        }
        // Facts from the academic system move the customer's derived fields.
        var customers: [RowKey] = []
        for row in rows where row.entity == .enrollmentOrder {
            if let customer = workspace.row(RowKey(entity: row.entity, id: row.id))?.values[FieldName("customer_id")]?.textValue {
                let key = RowKey(entity: .customer, id: RowID(customer))
                if !customers.contains(key) { customers.append(key) }
            }
        }
        for key in customers { CustomerDerivedFields.recompute(key, in: &workspace) }
        var plan = Plan(lastSequence: 0)
        plan.scopeChanges = ScopeTracker.changes(of: workspace.changedRows.keys, in: &workspace)
        plan.changedRows = workspace.changedRows
        plan.needs = workspace.needs
        return plan
    }
}

/// What the server has measured of one device's clock (DESIGN "Clocks": the skew seen per
/// device is recorded).
public struct DeviceClockReport: Hashable, Sendable {
    /// The device's owner.
    public var user: UserID
    /// Skew measured at the last handshake (device clock minus server clock), in ms.
    public var handshakeSkewMilliseconds: Int64
    /// The largest lead of a pushed clock over the server clock, in ms.
    public var largestPushSkewMilliseconds: Int64
    /// How many pushed clocks were clamped.
    public var clampedWrites: Int64
}

/// Where a pull stands: the change-log `position` of the last row delivered, `since`, the
/// position up to which the client already holds every field, and `scope`, the fingerprint of
/// the reader's scope the pull was made under (nil for a store without an organisation).
///
/// The log orders rows by their latest change, so a row changed again while a client pages
/// through the log moves past the client's cursor; when the client reaches it, it must still
/// get the fields changed since its last complete pull, not only those after the page's start.
/// `since` therefore stays fixed while pages follow each other and catches up with `position`
/// on the last page. A cursor made under another scope (the reader changed team or role)
/// restarts the pull from the beginning. Clients see `"c1.<position>.<since>"` or
/// `"c2.<position>.<since>.<scope>"` as opaque text.
struct CursorFormat: Equatable {
    var position: Int64
    var since: Int64
    var scope: String?

    /// The opaque cursor.
    var cursor: PullCursor {
        if let scope { return PullCursor(rawValue: "c2.\(position).\(since).\(scope)") }
        return PullCursor(rawValue: "c1.\(position).\(since)")
    }

    /// A cursor after which the client holds everything up to `position`.
    static func complete(at position: Int64, scope: String? = nil) -> PullCursor {
        CursorFormat(position: position, since: position, scope: scope).cursor
    }

    /// Reads a cursor; nil means "from the beginning".
    /// - Throws: `ServerError.invalidCursor` for text this server did not issue.
    init(_ cursor: PullCursor?) throws {
        guard let cursor else {
            self.init(position: 0, since: 0)
            return
        }
        let parts = cursor.rawValue.split(separator: ".", omittingEmptySubsequences: false)
        let shapeFits = (parts.count == 3 && parts[0] == "c1") || (parts.count == 4 && parts[0] == "c2" && !parts[3].isEmpty && parts[3].count <= 32)
        guard shapeFits, let position = Int64(parts[1]), let since = Int64(parts[2]),
              position >= 0, since >= 0, since <= position else {
            throw ServerError.invalidCursor(cursor.rawValue)
        }
        self.init(position: position, since: since, scope: parts.count == 4 ? String(parts[3]) : nil)
    }

    init(position: Int64, since: Int64, scope: String? = nil) {
        self.position = position
        self.since = since
        self.scope = scope
    }

    /// Where a reader with the scope `fingerprint` goes on: here, or from the beginning when
    /// the cursor was made under another scope (`restarted`).
    func resumed(under fingerprint: String?, isFresh: Bool) -> (start: CursorFormat, restarted: Bool) {
        if isFresh || scope == fingerprint { return (CursorFormat(position: position, since: since, scope: fingerprint), false) }
        return (CursorFormat(position: 0, since: 0, scope: fingerprint), true)
    }
}
