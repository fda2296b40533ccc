import Foundation
import OutpostCore
import OutpostProtocol

/// A push from a disabled user: its `audit_log` rows are applied as usual, so a later
/// loss of access cannot strand them, and every other entry is answered `rejected` with
/// `user.disabled` and kept in the quarantine for a manager (`outpost-server quarantine list`).
///
/// Exactly once holds: the audit rows go through `ChangeStore.apply` (a repeat gets the first
/// answers), the quarantine keeps the first copy of each (device, sequence), and the
/// rejections are the same every time.
struct DisabledUserPush {
    let store: any ChangeStore

    /// Applies the audit rows, quarantines the rest, and answers every entry in push order.
    func apply(_ push: PushRequest, author: UserID, serverNow: Int64) async throws -> PushResponse {
        try PushPlanner.checkShape(of: push)
        let audit = push.changes.filter { $0.entity == .auditLog }
        let applied = try await store.apply(PushRequest(deviceID: push.deviceID, changes: audit), author: author, serverNow: serverNow)
        let kept = try push.changes.filter { $0.entity != .auditLog }.map { change in
            QuarantinedEntry(device: push.deviceID, sequence: change.sequence, user: author, entity: change.entity, rowID: change.rowID,
                             target: change.field.rawValue, valueJSON: try Self.json(change.value), clock: change.clock.description,
                             receivedAt: serverNow)
        } + push.commands.map { command in
            QuarantinedEntry(device: push.deviceID, sequence: command.sequence, user: author, entity: command.entity, rowID: command.rowID,
                             target: "command:\(command.name.rawValue)", valueJSON: try Self.json(command.arguments),
                             clock: command.clock.description, receivedAt: serverNow)
        }
        try await store.quarantine(kept)
        var answers = Dictionary(uniqueKeysWithValues: applied.results.map { ($0.sequence, $0) })
        for entry in kept {
            answers[entry.sequence] = PushResult(
                sequence: entry.sequence, status: .rejected, code: .userDisabled,
                message: "This user is disabled: the change was not applied and is kept for a manager to review.")
        }
        return PushResponse(results: push.sequences.compactMap { answers[$0] }, logPosition: applied.logPosition)
    }

    /// Refuses a push from a disabled user that holds more than audit rows, before it changes
    /// anything: the stores call this with the scope they read in the push's transaction, and
    /// the route answers the push through `apply` instead.
    /// - Throws: `ServerError.userDisabled`.
    static func refuseIfDisabled(_ push: PushRequest, scope: ReaderScope?) throws {
        guard scope?.userIsDisabled == true else { return }
        if !push.commands.isEmpty || push.changes.contains(where: { $0.entity != .auditLog }) {
            throw ServerError.userDisabled
        }
    }

    private static func json(_ value: some Encodable) throws -> String {
        String(decoding: try WireCoding.makeEncoder().encode(value), as: UTF8.self)
    }
}
