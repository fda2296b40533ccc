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
    /// - Parameter clientAddress: where the push came from, stamped on its audit entries.
    func apply(_ push: PushRequest, author: UserID, serverNow: Int64, clientAddress: String? = nil) async throws -> PushResponse {
        try PushPlanner.checkShape(of: push)
        let audit = push.changes.filter { $0.entity == .auditLog }
        let applied = try await store.apply(PushRequest(deviceID: push.deviceID, changes: audit), author: author, serverNow: serverNow,
                                            authority: PushAuthority(kind: .author, clientAddress: clientAddress))
        let kept = try push.changes.filter { $0.entity != .auditLog }.map { change in
            QuarantinedEntry(device: push.deviceID, sequence: change.sequence, user: author, entity: change.entity, rowID: change.rowID,
                             target: change.field.rawValue, valueJSON: try Self.json(change.value), clock: change.clock.description,
                             receivedAt: serverNow)
        } + push.commands.map { command in
            QuarantinedEntry(device: push.deviceID, sequence: command.sequence, user: author, entity: command.entity, rowID: command.rowID,
                             target: QuarantineReview.commandPrefix + command.name.rawValue, valueJSON: try Self.json(command.arguments),
                             clock: command.clock.description, receivedAt: serverNow)
        }
        try await store.quarantine(kept)
        // Each refused write shows the field's version on the server again where the author
        // may read it (spec §11.2): else the laptop would hold the field empty, even after the
        // user is enabled again, until someone changed it on the server.
        let shown = try await store.currentVersions(of: push.changes.filter { $0.entity != .auditLog }, readableBy: author)
        var answers = Dictionary(uniqueKeysWithValues: applied.results.map { ($0.sequence, $0) })
        for entry in kept {
            answers[entry.sequence] = PushResult(
                sequence: entry.sequence, status: .rejected, code: .userDisabled,
                message: "This user is disabled: the change was not applied and is kept for a manager to review.",
                currentVersion: shown[entry.sequence])
        }
        return PushResponse(results: push.sequences.compactMap { answers[$0] }, logPosition: applied.logPosition)
    }

    /// Refuses a push from a disabled user that holds more than audit rows, before it changes
    /// anything: the stores call this with the scope they read in the push's transaction, and
    /// the route answers the push through `apply` instead. Entries a manager released from
    /// the quarantine pass.
    /// - Throws: `ServerError.userDisabled`.
    static func refuseIfDisabled(_ push: PushRequest, scope: ReaderScope?, authority: PushAuthority) throws {
        guard scope?.userIsDisabled == true, authority.kind == .author else { return }
        if !push.commands.isEmpty || push.changes.contains(where: { $0.entity != .auditLog }) {
            throw ServerError.userDisabled
        }
    }

    /// The server's versions of the fields `changes` write, by entry sequence: only those
    /// `scope` may read (all of them when `scope` is nil: no organisation). Reads rows through
    /// `workspace`; the caller loads what it still needs and asks again.
    static func currentVersions(of changes: [PushChange], readableBy scope: ReaderScope?, schema: Schema,
                                in workspace: inout PlanWorkspace) -> [Int64: WireFieldVersion] {
        var versions: [Int64: WireFieldVersion] = [:]
        for change in changes {
            let key = RowKey(entity: change.entity, id: change.rowID)
            guard let version = workspace.row(key)?.version(of: change.field) else { continue }
            if let scope {
                let keys = RowScopeRules.keys(of: key, schema: schema) { workspace.row($0) }
                guard scope.mayRead(change.field, of: change.entity, carrying: keys) else { continue }
            }
            versions[change.sequence] = WireFieldVersion(version)
        }
        return versions
    }

    private static func json(_ value: some Encodable) throws -> String {
        String(decoding: try WireCoding.makeEncoder().encode(value), as: UTF8.self)
    }
}
