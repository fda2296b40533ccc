import Foundation
import OutpostCore
import OutpostTestSupport
import Testing

/// `outpost add` resolves an id whose entity another field names (`subject_id` beside
/// `subject_type`) like any reference: typed as the first or last characters of the id, it is
/// stored as the full id, and an id that matches nothing is refused offline with a message.
@Suite struct TypedReferenceInputTests {
    struct Listed: Decodable {
        var id: String
        var fields: [String: FieldValue]
    }

    private func makeReplicaWithLead() async throws -> (replica: URL, lead: String) {
        let replica = try makeTemporaryDirectory("outpost-cli-typed-reference").appendingPathComponent("replica.sqlite")
        // A dummy server: nothing here syncs.
        let setUp = try await OutpostRun.run(["init", "--server", "http://127.0.0.1:9", "--user", "u-wang", "--token", "t"], replica: replica)
        #expect(setUp.status == 0, "\(setUp.stderr)")
        let added = try await OutpostRun.run(["add", "lead", "contact_name=王妈妈", "mobile=13812345678", "source_channel=walk_in"], replica: replica)
        #expect(added.status == 0, "\(added.stderr)")
        return (replica, added.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The short id the tables show, in either word order, is stored as the lead's full id.
    @Test(arguments: [true, false])
    func aFollowUpTypedWithAShortSubjectIDIsAboutTheFullID(typeFirst: Bool) async throws {
        let (replica, lead) = try await makeReplicaWithLead()
        let subject = ["subject_type=lead", "subject_id=\(lead.suffix(12))"]
        let added = try await OutpostRun.run(["add", "follow_up"] + (typeFirst ? subject : subject.reversed())
                                             + ["method=phone", "content=called yesterday", "occurred_at=now"], replica: replica)
        #expect(added.status == 0, "\(added.stderr)")
        let followUps = try await OutpostRun.run(["list", "follow_up", "--json"], replica: replica).json([Listed].self)
        #expect(followUps.map { $0.fields["subject_id"] } == [.text(lead)])
    }

    /// An id that matches no row of the named entity, or an id without the entity, is refused
    /// before anything is recorded.
    @Test func aSubjectIDThatMatchesNothingIsRefusedOffline() async throws {
        let (replica, lead) = try await makeReplicaWithLead()
        let unknown = try await OutpostRun.run(["add", "follow_up", "subject_type=customer", "subject_id=\(lead.suffix(12))",
                                                "method=phone", "content=called", "occurred_at=now"], replica: replica)
        #expect(unknown.status == 64)
        #expect(unknown.stderr == "Error: subject_id=\(lead.suffix(12)): no customer on this laptop has an id starting or ending with it. "
                + "`outpost list customer` shows the customer ids. [input.unresolved_reference]\n")
        let untyped = try await OutpostRun.run(["add", "check_in", "kind=ad_hoc", "subject_id=\(lead.suffix(12))",
                                                "location_status=unavailable", "device_time=now", "occurred_at=now"], replica: replica)
        #expect(untyped.status == 64)
        #expect(untyped.stderr == "Error: subject_id is the id of a row of the entity subject_type names, and subject_type is not set. "
                + "Set it too, for example subject_type=lead. [input.unresolved_reference]\n")
        let followUps = try await OutpostRun.run(["list", "follow_up", "--json"], replica: replica).json([Listed].self)
        #expect(followUps.isEmpty)
    }
}
