import Foundation
import OutpostCore
import OutpostProtocol
import OutpostReplica
import OutpostServer
import OutpostTestSupport
import Testing

/// Every audit entry a push writes names the address the push came from (`client_ip`,
/// required by DOMAIN §1.14; round 21): a command's entry, a refused write's
/// `permission_denied`, and an entry the laptop wrote itself (an export).
@Suite struct AuditClientAddressTests {
    @Test(arguments: StoreKind.allCases)
    func theAuditEntriesOfAPushOverHTTPNameItsAddress(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let customer = try w1.replica.create(EntityName("customer"), values: [FieldName("name"): .text("王家"),
                                                                                  FieldName("customer_type"): .text("family")], now: w1.clock.now)
            try await w1.sync()
            try w1.replica.enqueue(.lock, on: EntityName("customer"), id: customer, arguments: ["reason": .text("enrolling")], now: w1.clock.now)
            try await w1.sync()

            let entries = try await serverRows(server, entity: EntityName("audit_log")).values
            let lock = try #require(entries.first { $0.values[FieldName("action")] == .text("lock") })
            #expect(lock.values[FieldName("client_ip")] == .text("127.0.0.1"))
            #expect(!entries.contains { $0.values[FieldName("client_ip")] == nil || $0.values[FieldName("client_ip")] == .text("-") },
                    "every entry of a push over HTTP names its address")
        }
    }
}
