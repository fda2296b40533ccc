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
            do {
                fieldSchema = try schema.validate(entity: change.entity, field: change.field, value: change.value)
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
            case .takeIncoming:
                working[key] = row
                plan.changedRows[key] = row
                plan.results.append(PushResult(sequence: change.sequence, status: .applied, storedClock: storedClock, conflictID: conflictID))
            case .alreadyApplied:
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

    /// Checks that a push's sequence numbers start at 1 or later and strictly increase.
    /// - Throws: `ServerError.malformedRequest` saying which pair is out of order.
    static func checkIncreasing(_ changes: [PushChange]) throws {
        for (previous, next) in zip(changes, changes.dropFirst()) where next.sequence <= previous.sequence {
            throw ServerError.malformedRequest("Sequence numbers must increase within a push (\(previous.sequence) is followed by \(next.sequence)).")
        }
        if let first = changes.first, first.sequence <= 0 {
            throw ServerError.malformedRequest("Sequence numbers start at 1 (got \(first.sequence)).")
        }
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
