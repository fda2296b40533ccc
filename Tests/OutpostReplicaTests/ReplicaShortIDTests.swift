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
        let many = try self.replica(holdingUsers: ["u-la1", "u-la2", "u-la3", "u-la4"])
        do {
            _ = try many.resolveID(EntityName("user"), prefix: "u-la")
            Issue.record("an ambiguous prefix resolved")
        } catch let error as ReplicaError {
            #expect(error.code == "input.ambiguous_id")
            #expect(error.description == "'u-la' matches more than one user. Type more characters of the id: tables show its last 12.",
                    "no count the lookup did not make (it stops at the second)")
        }
        #expect(throws: ReplicaError.self) { try replica.resolveID(EntityName("user"), prefix: "u-zhao") }
    }

    /// A slip of a character or two finds no row rather than the one row it happens to end
    /// (round 24: `lead edit 1` edited someone else's merged-away lead).
    @Test func aPartialIdShorterThanFourCharactersMatchesNothing() throws {
        let replica = try replica(holdingUsers: ["u-lily", "u-zhao"])
        for typed in ["y", "ly", "ily"] {
            #expect(throws: ReplicaError.noSuchRow(entity: EntityName("user"), id: typed)) {
                try replica.resolveID(EntityName("user"), prefix: typed)
            }
        }
        #expect(try replica.resolveID(EntityName("user"), prefix: "lily") == RowID("u-lily"))
        #expect(ReplicaError.noSuchRow(entity: EntityName("user"), id: "y").code == "input.no_such_row")
    }
}
