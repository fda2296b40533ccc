import Foundation
import OutpostCore
import OutpostTestSupport
import Testing

/// Through the built binary against a real server: `lead add --source referral` names the
/// customer who referred the lead (`--referrer`, by id or short id), which the schema requires
/// of a referral; without it, or with a customer the laptop does not hold, nothing is queued.
@Suite struct LeadReferralInputTests {
    @Test func aReferralLeadNamesItsReferringCustomer() async throws {
        try await withRunningServer(.sqlite) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let replica = try await OutpostRun.laptop(of: DemoUsers.wang, on: server)
            let family = try await OutpostRun.run(["lead", "add", "--name", "王妈妈", "--mobile", "13712340041"], replica: replica)
            let familyLead = family.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let converted = try await OutpostRun.run(["convert", familyLead, "--json"], replica: replica)
            #expect(converted.status == 0, "\(converted.stderr)")
            let answer = try JSONSerialization.jsonObject(with: Data(converted.stdout.utf8)) as? [String: Any]
            let customer = try #require(answer?["customer"] as? String)

            let missing = try await OutpostRun.run(["lead", "add", "--name", "李妈妈", "--mobile", "13712340042",
                                                    "--source", "referral"], replica: replica)
            #expect(missing.status == 64)
            #expect(missing.stderr.contains("Pass --referrer CUSTOMER."), "\(missing.stderr)")
            let unknown = try await OutpostRun.run(["lead", "add", "--name", "李妈妈", "--mobile", "13712340042",
                                                    "--source", "referral", "--referrer", "no-such-customer"], replica: replica)
            #expect(unknown.status != 0, "\(unknown.stdout)")

            let added = try await OutpostRun.run(["lead", "add", "--name", "李妈妈", "--mobile", "13712340042",
                                                  "--source", "referral", "--referrer", String(customer.suffix(12))], replica: replica)
            #expect(added.status == 0, "\(added.stderr)")
            let referred = RowID(added.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            let sync = try await OutpostRun.run(["sync"], replica: replica)
            #expect(sync.status == 0, "\(sync.stderr)")
            let row = try #require(try await serverRows(server)[referred])
            #expect(row.values[FieldName("source_channel")] == .text("referral"))
            #expect(row.values[FieldName("referrer_customer_id")] == .text(customer))
            let sameMobile = try await serverRows(server).filter { $0.value.values[FieldName("mobile")] == .text("13712340042") }
            #expect(sameMobile.keys.sorted() == [referred], "the refused adds queued nothing")
        }
    }
}
