import Foundation
import OutpostCore
import OutpostDomain
import OutpostReplica
import OutpostTestSupport
import Testing

/// A contact's owner mirrors its customer's (DOMAIN §1.6), through a real server and real
/// replica files: contacts move with their customer, whatever moved it.
@Suite struct ContactOwnerTests {
    private let customer = EntityName("customer")
    private let contact = EntityName("contact")

    /// A customer of Wang's with one contact, made on Wang's laptop and synced.
    private func wangsFamily(on w1: Laptop) async throws -> (customer: RowID, contact: RowID) {
        let customerID = try w1.replica.create(customer, values: [
            FieldName("customer_type"): .text("family"), FieldName("name"): .text("王小明家"),
        ], now: w1.clock.now)
        let contactID = try w1.replica.create(contact, values: [
            FieldName("customer_id"): .text(customerID.rawValue), FieldName("name"): .text("王妈妈"),
            FieldName("relation"): .text("mother"), FieldName("mobile"): .text("13712345001"),
        ], now: w1.clock.now)
        try await w1.sync()
        return (customerID, contactID)
    }

    private func owner(of id: RowID, _ entity: EntityName, on server: RunningServer) async throws -> FieldValue? {
        try await serverRows(server, entity: entity)[id]?.values[FieldName("owner_id")]
    }

    /// Chen, Wang's branch manager, transfers Wang's customer to Zhao: the contact leaves
    /// Wang's laptop and reaches Zhao's with the customer, and the server says Zhao owns it.
    @Test(arguments: StoreKind.allCases)
    func aTransferredCustomersContactsMoveToTheNewOwner(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            let family = try await wangsFamily(on: w1)
            #expect(try await owner(of: family.contact, contact, on: server) == .text("u-wang"))
            try await z1.sync()
            try await c1.sync()
            #expect(try z1.replica.row(contact, id: family.contact) == nil)

            try c1.replica.enqueue(.transfer, on: customer, id: family.customer, arguments: ["to_user": .text("u-zhao")], now: c1.clock.now)
            server.clock.advance(by: 60_000)
            let report = try await c1.sync()
            #expect(report.rejected.isEmpty)
            try await w1.sync()
            try await z1.sync()

            #expect(try await owner(of: family.customer, customer, on: server) == .text("u-zhao"))
            #expect(try await owner(of: family.contact, contact, on: server) == .text("u-zhao"))
            #expect(try w1.replica.row(contact, id: family.contact) == nil, "the contact left Wang's laptop")
            let arrived = try #require(try z1.replica.row(contact, id: family.contact), "the contact reached Zhao's laptop")
            #expect(arrived.values[FieldName("owner_id")] == .text("u-zhao"))
            try await expectConvergedInScope([w1, z1, c1], server: server)
        }
    }

    /// Lily, the team lead, adds a contact to Wang's customer: it is Wang's, not hers.
    @Test(arguments: StoreKind.allCases)
    func aContactAddedUnderACustomerTakesTheCustomersOwnerNotItsAuthors(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let l1 = try Laptop("l1", user: DemoUsers.lily, server: server)
            let family = try await wangsFamily(on: w1)
            try await l1.sync()
            let fathersID = try l1.replica.create(contact, values: [
                FieldName("customer_id"): .text(family.customer.rawValue), FieldName("name"): .text("王爸爸"),
                FieldName("relation"): .text("father"),
            ], now: l1.clock.now)
            let report = try await l1.sync()
            #expect(report.rejected.isEmpty)
            try await w1.sync()

            #expect(try await owner(of: fathersID, contact, on: server) == .text("u-wang"))
            #expect(try w1.replica.row(contact, id: fathersID)?.values[FieldName("owner_id")] == .text("u-wang"))
            try await expectConvergedInScope([w1, l1], server: server)
        }
    }

    /// Chen merges Wang's customer into the same family's record that Zhao owns: the contact,
    /// re-pointed to Zhao's customer, is Zhao's.
    @Test(arguments: StoreKind.allCases)
    func aContactMergedIntoAnotherOwnersCustomerTakesThatOwner(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            let family = try await wangsFamily(on: w1)
            let zhaos = try z1.replica.create(customer, values: [
                FieldName("customer_type"): .text("family"), FieldName("name"): .text("王家"),
            ], now: z1.clock.now)
            try await z1.sync()
            try await c1.sync()

            try c1.replica.enqueue(.merge, on: customer, id: zhaos, arguments: ["tails": .list([.text(family.customer.rawValue)])],
                                   now: c1.clock.now)
            server.clock.advance(by: 60_000)
            #expect(try await c1.sync().rejected.isEmpty)
            try await w1.sync()
            try await z1.sync()

            let merged = try #require(try await serverRows(server, entity: contact)[family.contact])
            #expect(merged.values[FieldName("customer_id")] == .text(zhaos.rawValue))
            #expect(merged.values[FieldName("owner_id")] == .text("u-zhao"))
            #expect(try z1.replica.row(contact, id: family.contact)?.values[FieldName("owner_id")] == .text("u-zhao"))
            try await expectConvergedInScope([w1, z1, c1], server: server)
        }
    }

    /// Wang releases his customer to the pool and Zhao claims it: the contact has no owner
    /// while the customer is in the pool, then it is Zhao's.
    @Test(arguments: StoreKind.allCases)
    func aReleasedCustomersContactsHaveNoOwnerUntilSomeoneClaimsIt(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            let family = try await wangsFamily(on: w1)
            try w1.replica.enqueue(.release, on: customer, id: family.customer, arguments: ["reason": .text("moved away")], now: w1.clock.now)
            server.clock.advance(by: 60_000)
            #expect(try await w1.sync().rejected.isEmpty)
            #expect(try await owner(of: family.contact, contact, on: server) == .null)

            try await z1.sync()
            z1.clock.advance(by: 60_000)
            try z1.replica.enqueue(.claim, on: customer, id: family.customer, now: z1.clock.now)
            server.clock.advance(by: 60_000)
            #expect(try await z1.sync().rejected.isEmpty)
            try await w1.sync()

            #expect(try await owner(of: family.customer, customer, on: server) == .text("u-zhao"))
            #expect(try await owner(of: family.contact, contact, on: server) == .text("u-zhao"))
            #expect(try z1.replica.row(contact, id: family.contact)?.values[FieldName("owner_id")] == .text("u-zhao"))
            try await expectConvergedInScope([w1, z1], server: server)
        }
    }
}
