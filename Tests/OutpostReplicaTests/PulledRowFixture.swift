import Foundation
import GRDB
import OutpostCore
import OutpostProtocol
@testable import OutpostReplica

/// Rows as a pull delivers them, and a replica set up for a user, for tests that give a laptop
/// the organisation it would hold after a sync (its user's row, roles, records).
enum PulledRowFixture {
    /// An in-memory replica configured for `user`, against a server nothing reaches.
    static func replica(for user: String) throws -> Replica {
        let replica = try Replica(writer: DatabaseQueue())
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID(user), token: "t")
        return replica
    }

    /// A row of `entity` whose fields were all written by the server at one clock.
    static func row(_ entity: String, _ id: String, _ values: [String: FieldValue]) -> PulledRow {
        let clock = HLCTimestamp(wallMilliseconds: 1_000, counter: 0, deviceID: DeviceID("server"))
        return PulledRow(entity: EntityName(entity), id: RowID(id), fields: values.mapValues {
            WireFieldVersion(FieldVersion(value: $0, clock: clock, author: UserID("system")))
        })
    }

    /// A user row of team T1 with `position` and the roles `roles`.
    static func user(_ id: String, position: String, roles: [String] = []) -> PulledRow {
        row("user", id, ["name": .text(id), "mobile": .text("13800000001"), "org_unit_id": .text("ou-hd-t1"), "position": .text(position),
                         "role_ids": .list(roles.map(FieldValue.text)), "status": .text("active"), "allocation_weight": .integer(100)])
    }
}
