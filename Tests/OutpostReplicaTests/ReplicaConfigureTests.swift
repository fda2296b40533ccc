import Foundation
import GRDB
import OutpostCore
import OutpostReplica
import Testing

/// Setting a replica up again keeps its device and journal, and never hands it to another user.
@Suite struct ReplicaConfigureTests {
    @Test func aReplicaSetUpAgainKeepsItsDeviceAndRefusesAnotherUser() throws {
        let replica = try Replica(writer: DatabaseQueue())
        let first = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t1")
        let again = try replica.configure(serverURL: URL(string: "http://127.0.0.1:2/")!, userID: UserID("u-wang"), token: "t2")
        #expect(again.deviceID == first.deviceID)
        #expect(again.token == "t2" && again.serverURL.absoluteString == "http://127.0.0.1:2/")

        #expect(throws: ReplicaError.belongsToAnotherUser(path: replica.path, owner: UserID("u-wang"), requested: UserID("u-zhao"))) {
            try replica.configure(serverURL: URL(string: "http://127.0.0.1:2/")!, userID: UserID("u-zhao"), token: "t3")
        }
        #expect(try replica.settings() == again, "nothing changed")
    }
}
