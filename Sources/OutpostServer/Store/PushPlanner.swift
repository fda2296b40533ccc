import OutpostCore
import OutpostProtocol

/// Decides what a push does, without touching storage: validates each entry against the
/// schema, clamps future clocks, merges with the shared rules, and lists the rows, conflicts,
/// results and device bookkeeping a store must write in one transaction.
///
/// Every store (SQLite, PostgreSQL) loads the rows, calls `plan`, and writes the plan, so
/// the rules of a push live in one place.
struct PushPlanner {
    let schema: Schema
    let skewBudget: ClockSkewBudget

    /// Where a row lives: entity and id.
    struct RowKey: Hashable {
        var entity: EntityName
        var id: RowID
    }

    /// What a push must write.
    struct Plan {
        /// One result per new entry, in order.
        var results: [PushResult] = []
        /// Conflicts to append to the log, with their ids.
        var conflicts: [(id: String, record: ConflictRecord)] = []
        /// Rows that changed. Stamps of fields written by this push carry `pendingLogPosition`
        /// until the store allocates the row's change-log position.
        var changedRows: [RowKey: RowState] = [:]
        /// The highest sequence answered.
        var lastSequence: Int64
        /// The last clamped clock of the device.
        var lastClampedClock: HLCTimestamp?
        /// The largest lead of a pushed clock over server time, in ms.
        var largestSkewMilliseconds: Int64 = .min
        /// How many clocks were clamped.
        var clampedWrites: Int64 = 0
    }

    /// Stamped on fields written by this push until the store allocates the real position.
    static let pendingLogPosition: Int64 = -1

    /// Refuses a push whose shape no honest client produces: an empty device id, sequence
    /// numbers that do not start at 1 or more and increase, or clocks issued by another device
    /// (which would borrow that device's tie-break).
    /// - Throws: `ServerError.malformedRequest` naming the problem.
    static func checkShape(of push: PushRequest) throws {
        guard !push.deviceID.rawValue.isEmpty, push.deviceID.rawValue.count <= 128 else {
            throw ServerError.malformedRequest("'deviceID' must be 1 to 128 characters.")
        }
        if let first = push.changes.first, first.sequence <= 0 {
            throw ServerError.malformedRequest("Sequence numbers start at 1 (got \(first.sequence)).")
        }
        for (previous, next) in zip(push.changes, push.changes.dropFirst()) where next.sequence <= previous.sequence {
            throw ServerError.malformedRequest("Sequence numbers must increase within a push (\(previous.sequence) is followed by \(next.sequence)).")
        }
        if let foreign = push.changes.first(where: { $0.clock.deviceID != push.deviceID }) {
            throw ServerError.malformedRequest("Change \(foreign.sequence) carries a clock of device '\(foreign.clock.deviceID)', not of '\(push.deviceID)'.")
        }
    }

    /// The rows a push touches, so the store can load them in one go.
    func rowKeys(of changes: [PushChange]) -> Set<RowKey> {
        Set(changes.filter { schema.entity($0.entity) != nil }.map { RowKey(entity: $0.entity, id: $0.rowID) })
    }

    /// Plans the new entries of a push.
    /// - Parameters:
    ///   - changes: entries not answered before, in increasing sequence order.
    ///   - author: the authenticated user; stamped on every write (never trusted from the body).
    ///   - device: the device's bookkeeping before this push.
    ///   - rows: the current state of every row in `rowKeys(of:)` that exists.
    ///   - serverNow: the server's wall clock.
    ///   - makeConflictID: returns a fresh id for each conflict.
    func plan(_ changes: [PushChange], author: UserID, device: DeviceRecord, rows: [RowKey: RowState],
              serverNow: Int64, makeConflictID: () -> String) -> Plan {
        var plan = Plan(lastSequence: device.lastSequence, lastClampedClock: device.lastClampedClock)
        var working = rows
        for change in changes {
            plan.lastSequence = change.sequence
            let fieldSchema: FieldSchema
            var change = change
            do {
                // The same normalization as on the laptop: a stale client's "+86 138-…" is stored as 138….
                (fieldSchema, change.value) = try schema.validate(entity: change.entity, field: change.field, value: change.value)
            } catch {
                plan.results.append(rejected(change, error))
                continue
            }
            let verdict = skewBudget.check(change.clock, serverNow: serverNow, previous: plan.lastClampedClock)
            plan.largestSkewMilliseconds = max(plan.largestSkewMilliseconds, verdict.skewMilliseconds)
            if verdict.wasClamped {
                plan.lastClampedClock = verdict.clock
                plan.clampedWrites += 1
            }
            let key = RowKey(entity: change.entity, id: change.rowID)
            var row = working[key] ?? RowState()
            let outcome = row.merge(change.fieldChange(author: author, clock: verdict.clock),
                                    policy: fieldSchema.policy, logPosition: Self.pendingLogPosition)
            let storedClock = verdict.wasClamped ? verdict.clock : nil
            var conflictID: String?
            if let conflict = outcome.conflict {
                let id = makeConflictID()
                plan.conflicts.append((id, conflict))
                conflictID = id
            }
            switch outcome.decision {
            case .takeIncoming, .join:
                working[key] = row
                plan.changedRows[key] = row
                plan.results.append(PushResult(sequence: change.sequence, status: .applied, storedClock: storedClock, conflictID: conflictID))
            case .alreadyApplied:
                plan.results.append(PushResult(sequence: change.sequence, status: .applied, storedClock: storedClock))
            case .keepCurrent where outcome.conflict == nil:
                // It lost to a write of the same value: nothing was lost.
                plan.results.append(PushResult(sequence: change.sequence, status: .applied, storedClock: storedClock))
            case .keepCurrent:
                plan.results.append(PushResult(sequence: change.sequence, status: .superseded, storedClock: storedClock,
                                               conflictID: conflictID, currentVersion: row.version(of: change.field).map(WireFieldVersion.init)))
            case .reject(let rejection):
                var result = rejected(change, rejection)
                result.currentVersion = row.version(of: change.field).map(WireFieldVersion.init)
                plan.results.append(result)
            }
        }
        return plan
    }

    /// The answer for an old sequence whose stored result is gone: it was applied long ago.
    static func forgottenResult(_ sequence: Int64) -> PushResult {
        PushResult(sequence: sequence, status: .applied)
    }

    // MARK: - Private

    private func rejected(_ change: PushChange, _ rejection: ChangeRejection) -> PushResult {
        PushResult(sequence: change.sequence, status: .rejected,
                   code: ErrorCode(rawValue: rejection.code),
                   message: rejection.message(entity: change.entity, field: change.field))
    }
}
