import Foundation
import GRDB
import OutpostCore
import OutpostProtocol
@testable import OutpostReplica
import Testing

/// The short ids people type (`outpost show lead 8e4f`, `author_id=u-li`): the one row whose id
/// starts or ends with them, and an id typed whole always means that row.
@Suite struct ReplicaShortIDTests {
    private func replica(holdingUsers ids: [String]) throws -> Replica {
        let replica = try Replica(writer: DatabaseQueue())
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        let clock = HLCTimestamp(wallMilliseconds: 1_000, counter: 0, deviceID: DeviceID("server"))
        let rows = ids.map { id in
            PulledRow(entity: EntityName("user"), id: RowID(id), fields: ["name": WireFieldVersion(FieldVersion(value: .text(id), clock: clock,
                                                                                                              author: UserID("system")))])
        }
        _ = try replica.apply(PullPage(rows: rows, nextCursor: PullCursor("c1.1.0"), hasMore: false))
        return replica
    }

    @Test func anIdTypedWholeIsThatRowEvenWhenItBeginsAnother() throws {
        let replica = try replica(holdingUsers: ["u-li", "u-lily"])
        #expect(try replica.resolveID(EntityName("user"), prefix: "u-li") == RowID("u-li"))
        #expect(try replica.resolveID(EntityName("user"), prefix: "u-lily") == RowID("u-lily"))
        #expect(try replica.resolveID(EntityName("user"), prefix: "lily") == RowID("u-lily"))
        #expect(throws: ReplicaError.self) { try replica.resolveID(EntityName("user"), prefix: "u-l") }
        let many = try self.replica(holdingUsers: ["u-la", "u-lb", "u-lc", "u-ld"])
        do {
            _ = try many.resolveID(EntityName("user"), prefix: "u-l")
            Issue.record("an ambiguous prefix resolved")
        } catch let error as ReplicaError {
            #expect(error.description == "'u-l' matches more than one user. Type more characters of the id: tables show its last 12.",
                    "no count the lookup did not make (it stops at the second)")
        }
        #expect(throws: ReplicaError.self) { try replica.resolveID(EntityName("user"), prefix: "u-zhao") }
    }
}
