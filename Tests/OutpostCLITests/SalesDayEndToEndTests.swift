import Foundation
import OutpostChildProcess
import OutpostCore
import OutpostDomain
import OutpostServer
import OutpostTestSupport
import Testing

/// What one run of the built `outpost` printed and how it exited.
struct OutpostRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `outpost` with `arguments` on the replica file and waits for it, on a thread of
    /// its own. Waiting on one of Swift's cooperative threads (two on two cores) starves the
    /// servers that tests run in this process: two such waits at once left them none, and
    /// every sync beside them timed out.
    static func run(_ arguments: [String], replica: URL) async throws -> OutpostRun {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runHere(arguments, replica: replica) }) }.start()
        }
    }

    /// A laptop of `user` set up against `server` (`outpost init` with the user's token), in
    /// the server's directory: the replica file.
    /// - Throws: `ProcessFailure` with what `outpost` printed when the set-up fails.
    static func laptop(of user: TokenDirectory.Entry, on server: RunningServer) async throws -> URL {
        let replica = server.directory.appendingPathComponent("\(user.name).sqlite")
        let setUp = try await run(["init", "--server", server.url.absoluteString, "--user", user.userID.rawValue,
                                         "--token", user.token], replica: replica)
        guard setUp.status == 0 else { throw ProcessFailure("outpost init for \(user.userID.rawValue) failed: \(setUp.stderr)") }
        return replica
    }

    /// Standard output decoded as JSON.
    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(stdout.utf8))
    }

    /// Runs `outpost` and blocks the calling thread until it exits.
    private static func runHere(_ arguments: [String], replica: URL) throws -> OutpostRun {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-run-\(UUID().uuidString)")
        let stdoutFile = output.appendingPathExtension("stdout"), stderrFile = output.appendingPathExtension("stderr")
        defer { [stdoutFile, stderrFile].forEach { try? FileManager.default.removeItem(at: $0) } }
        let process = try ChildProcess.spawn(try BuiltExecutable.url("outpost"), arguments: arguments + ["--replica", replica.path],
                                             standardOutput: stdoutFile, standardError: stderrFile)
        let status = process.wait()
        return OutpostRun(status: status, stdout: (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "")
    }
}

/// A salesperson's day on a temporary replica, through the built binary (issue #4): generic
/// records, a queued command and its listing, and the messages of bad input.
@Suite struct SalesDayEndToEndTests {
    struct Listed: Decodable {
        var entity: String
        var id: String
        var isDeleted: Bool
        var fields: [String: FieldValue]
    }

    struct Queued: Decodable {
        var command: String
        var name: String
    }

    struct Command: Decodable {
        var command: String
        var name: String
        var entity: String
        var rowID: String
        var state: String
    }

    private func makeReplica() async throws -> URL {
        let replica = try makeTemporaryDirectory("outpost-cli-e2e").appendingPathComponent("replica.sqlite")
        // A dummy server: nothing here syncs.
        let setUp = try await OutpostRun.run(["init", "--server", "http://127.0.0.1:9", "--user", "u-wang", "--token", "t"], replica: replica)
        #expect(setUp.status == 0, "\(setUp.stderr)")
        return replica
    }

    /// `lead list --search` finds leads by name, student, number or remark; `--wide` adds each
    /// lead's status and owner.
    @Test func leadsAreFoundByTextAndShownWithTheirStatusAndOwner() async throws {
        let replica = try await makeReplica()
        for (name, mobile, student) in [("王女士", "13900001111", "小明"), ("李先生", "13900002222", "小红")] {
            let added = try await OutpostRun.run(["lead", "add", "--name", name, "--mobile", mobile, "--student", student], replica: replica)
            #expect(added.status == 0, "\(added.stderr)")
        }
        let byStudent = try await OutpostRun.run(["lead", "list", "--search", "小红"], replica: replica)
        #expect(byStudent.stdout.contains("李先生") && !byStudent.stdout.contains("王女士"), "\(byStudent.stdout)")
        struct ListedLead: Decodable { var id: String; var fields: [String: FieldValue] }
        let byNumber = try await OutpostRun.run(["lead", "list", "--search", "01111", "--json"], replica: replica).json([ListedLead].self)
        #expect(byNumber.map { $0.fields["contact_name"] } == [.text("王女士")])
        let none = try await OutpostRun.run(["lead", "list", "--search", "赵"], replica: replica)
        #expect(none.status == 0 && none.stdout.isEmpty && none.stderr.contains("No lead on this laptop holds '赵'"), "\(none.stderr)")

        let wide = try await OutpostRun.run(["lead", "list", "--wide"], replica: replica)
        #expect(wide.stdout.contains("STATUS") && wide.stdout.contains("OWNER"), "\(wide.stdout)")
        // A value typed with escape sequences is shown, never obeyed by the terminal.
        let escaped = try await OutpostRun.run(["lead", "add", "--name", "\u{1B}]0;pwned\u{07}赵\u{202E}", "--mobile", "13900003333"], replica: replica)
        #expect(escaped.status == 0, "\(escaped.stderr)")
        let shown = try await OutpostRun.run(["lead", "list", "--search", "赵"], replica: replica).stdout
        #expect(shown.contains("赵") && !shown.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" }, "\(shown)")
        // The server gives a new lead its status and owner at the first sync: until then, none.
        let rows = wide.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 2 && rows.allSatisfy { $0.hasSuffix("—       —") }, "\(wide.stdout)")
    }

    @Test func addEditListClaimAndListTheQueuedCommand() async throws {
        let replica = try await makeReplica()
        let added = try await OutpostRun.run(["add", "lead", "contact_name=王女士", "mobile=+86 139-0000-1111", "intent_level=b",
                                              "source_channel=walk_in"], replica: replica)
        #expect(added.status == 0, "\(added.stderr)")
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 36)

        let edited = try await OutpostRun.run(["edit", "lead", String(id.suffix(12)), "intent_level=A", "remark=想约试听"], replica: replica)
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(edited.stdout == "updated lead \(id.suffix(12)): intent_level, remark\n")

        let listed = try await OutpostRun.run(["list", "lead", "--json"], replica: replica).json([Listed].self)
        #expect(listed.count == 1)
        #expect(listed.first?.id == id)
        #expect(listed.first?.fields["intent_level"] == .text("A"))
        #expect(listed.first?.fields["mobile"] == .text("13900001111"))
        #expect(try await OutpostRun.run(["list", "lead", "--where", "intent_level=B", "--json"], replica: replica).json([Listed].self).isEmpty)

        let claim = try await OutpostRun.run(["claim", "lead", String(id.prefix(13)), "--json"], replica: replica)
        #expect(claim.status == 0, "\(claim.stderr)")
        #expect(claim.stderr.contains("it runs at the next `outpost sync`"))
        let queued = try claim.json(Queued.self)
        #expect(queued.name == "claim")
        // The lead shows its claim as pending until the server decides it.
        let pendingList = try await OutpostRun.run(["lead", "list"], replica: replica)
        #expect(pendingList.stdout.contains("PENDING") && pendingList.stdout.contains("claim pending"), "\(pendingList.stdout)")

        // What a salesperson does instead of deleting a lead (the server refuses their delete).
        let invalid = try await OutpostRun.run(["invalid", String(id.suffix(12)), "--reason", "wrong number", "--json"], replica: replica)
        #expect(invalid.status == 0, "\(invalid.stderr)")
        #expect(try invalid.json(Queued.self).name == "mark_invalid")
        let noReason = try await OutpostRun.run(["invalid", String(id.suffix(12)), "--reason", " "], replica: replica)
        #expect(noReason.status == 64)

        let commands = try await OutpostRun.run(["commands", "--json"], replica: replica).json([Command].self)
        #expect(commands.map(\.name) == ["mark_invalid", "claim"], "newest first")
        #expect(commands.last?.command == queued.command)
        #expect(commands.allSatisfy { $0.entity == "lead" && $0.rowID == id && $0.state == "pending" })
    }

    /// `outpost lock` and `unlock` queue their command on a customer, and say what
    /// they take when pointed at anything else.
    /// Removing a tag the record does not hold says so and journals nothing (round 32: it was
    /// silent, and the unchanged set printed as if the removal had worked).
    @Test func removingATagThatIsNotThereSaysSoAndWritesNothing() async throws {
        struct Status: Decodable { var pendingEntries: Int }
        let replica = try await makeReplica()
        let added = try await OutpostRun.run(["lead", "add", "--name", "王女士", "--mobile", "13900001111"], replica: replica)
        let id = String(added.stdout.trimmingCharacters(in: .whitespacesAndNewlines).suffix(12))
        let tagged = try await OutpostRun.run(["tag", "lead", id, "--add", "vip"], replica: replica)
        #expect(tagged.status == 0 && tagged.stdout.contains("vip") && tagged.stderr.isEmpty, "\(tagged.stderr)")
        let pending = try await OutpostRun.run(["status", "--json"], replica: replica).json(Status.self).pendingEntries

        let absent = try await OutpostRun.run(["tag", "lead", id, "--remove", "cold，VIP"], replica: replica)
        #expect(absent.status == 0)
        #expect(absent.stderr.contains("'cold' is not a tag of lead \(id): nothing to remove."), "\(absent.stderr)")
        #expect(absent.stderr.contains("'VIP' is not a tag"), "tags are exact: \(absent.stderr)")
        #expect(absent.stdout == "tags of lead \(id): vip (unchanged)\n", "\(absent.stdout)")
        #expect(try await OutpostRun.run(["status", "--json"], replica: replica).json(Status.self).pendingEntries == pending)

        // One absent, one present: the present one goes, the absent one is named.
        let mixed = try await OutpostRun.run(["tag", "lead", id, "--remove", "vip,cold"], replica: replica)
        #expect(mixed.status == 0 && mixed.stderr.contains("'cold' is not a tag") && !mixed.stderr.contains("'vip'"), "\(mixed.stderr)")
        #expect(!mixed.stdout.contains("vip") && !mixed.stdout.contains("unchanged"), "\(mixed.stdout)")
    }

    /// A date or time in a year no CRM record has (0001, 10000) is refused on the laptop with
    /// the server's code, before anything is journaled (round 32).
    @Test func datesAndTimesOutsideTheYearsACRMUsesAreRefused() async throws {
        let replica = try await makeReplica()
        let added = try await OutpostRun.run(["lead", "add", "--name", "王女士", "--mobile", "13900001111"], replica: replica)
        let id = String(added.stdout.trimmingCharacters(in: .whitespacesAndNewlines).suffix(12))
        let farFuture = try await OutpostRun.run(["edit", "lead", id, "next_followup_at=253402300800000"], replica: replica)
        #expect(farFuture.status != 0 && farFuture.stderr.contains("before the year 2200"), "\(farFuture.stderr)")
        let lastMoment = try await OutpostRun.run(["edit", "lead", id, "next_followup_at=2199-12-31T23:59Z"], replica: replica)
        #expect(lastMoment.status == 0, "\(lastMoment.stderr)")
    }

    @Test func lockAndUnlockQueueTheirCommandOnACustomer() async throws {
        let replica = try await makeReplica()
        let added = try await OutpostRun.run(["add", "customer", "name=赵家", "customer_type=family"], replica: replica)
        #expect(added.status == 0, "\(added.stderr)")
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let lock = try await OutpostRun.run(["lock", String(id.suffix(12)), "--reason", "enrolling after the summer", "--json"], replica: replica)
        #expect(lock.status == 0, "\(lock.stderr)")
        #expect(try lock.json(Queued.self).name == "lock")
        let unlock = try await OutpostRun.run(["unlock", String(id.suffix(12)), "--json"], replica: replica)
        #expect(unlock.status == 0, "\(unlock.stderr)")
        #expect(try unlock.json(Queued.self).name == "unlock")
        let commands = try await OutpostRun.run(["commands", "--json"], replica: replica).json([Command].self)
        #expect(commands.map(\.name) == ["unlock", "lock"])
        #expect(commands.allSatisfy { $0.entity == "customer" && $0.rowID == id })

        let noSuchCustomer = try await OutpostRun.run(["lock", "ffffffffffff"], replica: replica)
        #expect(noSuchCustomer.status != 0)
        #expect(!noSuchCustomer.stderr.isEmpty)
    }

    /// A follow-up's plans (DOMAIN §3.2 rule 4) show on its lead at once, offline; the server
    /// confirms them at the next sync.
    @Test func aFollowUpsPlansShowOnTheLeadBeforeTheSync() async throws {
        struct Shown: Decodable {
            struct Field: Decodable { var field: String; var value: FieldValue }
            var fields: [Field]
            var fromUnsentFollowUps: [String]?
        }
        let replica = try await makeReplica()
        let added = try await OutpostRun.run(["lead", "add", "--name", "周妈妈", "--mobile", "13912340000", "--intent", "C"], replica: replica)
        #expect(added.status == 0, "\(added.stderr)")
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let logged = try await OutpostRun.run(["followup", "add", String(id.suffix(12)), "--method", "phone", "--content", "想约周六试听",
                                               "--intent", "a", "--next", "2030-01-02 10:00+08:00"], replica: replica)
        #expect(logged.status == 0, "\(logged.stderr)")

        let shown = try await OutpostRun.run(["lead", "show", id, "--json"], replica: replica).json(Shown.self)
        let values = Dictionary(uniqueKeysWithValues: shown.fields.map { ($0.field, $0.value) })
        #expect(values["intent_level"] == .text("A"))
        #expect(values["next_followup_at"] == .integer(1_893_549_600_000))
        #expect(values["last_followup_at"]?.integerValue != nil)
        #expect(shown.fromUnsentFollowUps == ["intent_level", "next_followup_at", "last_followup_at"])
        #expect(try await OutpostRun.run(["lead", "show", id], replica: replica).stdout.contains("not synced yet"))
        let found = try await OutpostRun.run(["list", "lead", "--where", "intent_level=A", "--json"], replica: replica).json([Listed].self)
        #expect(found.map(\.id) == [id], "lists find the lead by its planned intent")
        #expect(try await OutpostRun.run(["lead", "list"], replica: replica).stdout.contains("2030-01-02T02:00:00Z"), "the planned next follow-up is listed")

        // Follow-ups are found by their subject's short id, as references are (round 33).
        let original = logged.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let bySubject = try await OutpostRun.run(["list", "follow_up", "--where", "subject_id=\(id.suffix(12))", "--json"], replica: replica)
        #expect(try bySubject.json([Listed].self).map(\.id) == [original], "\(bySubject.stderr)")

        // A follow-up is never edited: a correction is a new record, and the lead says which holds.
        let correction = try await OutpostRun.run(["add", "follow_up", "subject_type=lead", "subject_id=\(id)", "method=phone",
                                                   "content=约的是周日试听", "occurred_at=now", "correction_of_id=\(original)"], replica: replica)
        #expect(correction.status == 0, "\(correction.stderr)")
        let corrected = try await OutpostRun.run(["lead", "show", id], replica: replica).stdout
        let correctionID = correction.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(corrected.contains("[corrected by \(correctionID.suffix(12))] 想约周六试听"), "\(corrected)")
        #expect(corrected.contains("[correction of \(original.suffix(12))] 约的是周日试听"), "\(corrected)")

        for (option, bad) in [("--intent", "Z"), ("--next", "next tuesday")] {
            let refused = try await OutpostRun.run(["followup", "add", id, "--method", "phone", "--content", "x", option, bad], replica: replica)
            #expect(refused.status == 64, "\(option) \(bad): \(refused.stderr)")
        }
    }

    /// The detail views show a long value whole (tables elsewhere cut it): a remark read
    /// offline without `--json`.
    @Test func aLongRemarkIsShownWholeInTheDetailViews() async throws {
        let replica = try await makeReplica()
        let remark = String(repeating: "周六上午想带孩子来试听编程课，", count: 6) + "完"
        let added = try await OutpostRun.run(["lead", "add", "--name", "郑妈妈", "--mobile", "13912340002", "--remark", remark], replica: replica)
        #expect(added.status == 0, "\(added.stderr)")
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await OutpostRun.run(["lead", "show", id], replica: replica).stdout.contains(remark))
        #expect(try await OutpostRun.run(["show", "lead", id], replica: replica).stdout.contains(remark))
    }

    /// An empty list says how its records come about: typed in, or made by the server.
    @Test func anEmptyListSaysHowItsRecordsAreMade() async throws {
        let replica = try await makeReplica()
        #expect(try await OutpostRun.run(["list", "record_share"], replica: replica).stderr.contains("made by `outpost share lead ID --with USER`"))
        #expect(try await OutpostRun.run(["list", "notification"], replica: replica).stderr.contains("made by the server, not typed in"))
        #expect(try await OutpostRun.run(["list", "customer"], replica: replica).stderr.contains("`outpost add customer field=value …`"))
    }

    @Test func aMobileNumberOutsideThePhoneSegmentsIsSavedWithAWarning() async throws {
        let replica = try await makeReplica()
        let dataOnly = try await OutpostRun.run(["lead", "add", "--name", "王女士", "--mobile", "14012345678"], replica: replica)
        #expect(dataOnly.status == 0, "\(dataOnly.stderr)")
        #expect(dataOnly.stderr.contains("Warning [phone.data_only_segment]: mobile 14012345678"), "\(dataOnly.stderr)")
        let id = dataOnly.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await OutpostRun.run(["list", "lead", "--json"], replica: replica).json([Listed].self).first?.fields["mobile"] == .text("14012345678"))

        let unlisted = try await OutpostRun.run(["lead", "edit", id, "--mobile", "154 1234 5678"], replica: replica)
        #expect(unlisted.status == 0, "\(unlisted.stderr)")
        #expect(unlisted.stderr.contains("Warning [phone.unknown_segment]: mobile 15412345678"), "\(unlisted.stderr)")
        let generic = try await OutpostRun.run(["add", "lead", "contact_name=李先生", "mobile=14812345678", "source_channel=walk_in"], replica: replica)
        #expect(generic.stderr.contains("[phone.data_only_segment]"), "\(generic.stderr)")
        let genericEdit = try await OutpostRun.run(["edit", "lead", String(id.suffix(12)), "mobile=14612345678"], replica: replica)
        #expect(genericEdit.stderr.contains("[phone.data_only_segment]"), "\(genericEdit.stderr)")

        let phone = try await OutpostRun.run(["lead", "add", "--name", "赵女士", "--mobile", "13912345678"], replica: replica)
        #expect(phone.status == 0)
        #expect(phone.stderr.isEmpty, "a phone's segment says nothing: \(phone.stderr)")
    }

    /// a mobile number the laptop already holds is saved with a `possible_duplicate`
    /// warning naming the record; an edit that leaves the keys alone says nothing.
    @Test func aNumberTheLaptopAlreadyHoldsIsSavedWithAPossibleDuplicateWarning() async throws {
        let replica = try await makeReplica()
        let first = try await OutpostRun.run(["lead", "add", "--name", "王妈妈", "--mobile", "13812345678"], replica: replica)
        let firstID = RowID(first.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(first.stderr.isEmpty, "\(first.stderr)")
        let second = try await OutpostRun.run(["lead", "add", "--name", "王女士", "--mobile", "+86 138-1234-5678"], replica: replica)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr == "Warning [possible_duplicate]: lead \(firstID.rawValue.suffix(12)) (王妈妈) has the same mobile 13812345678. "
                + "Both are saved; the server merges or links duplicates when you sync (R-2.3).\n")
        let other = try await OutpostRun.run(["add", "lead", "contact_name=李先生", "mobile=13912345678", "source_channel=walk_in"], replica: replica)
        #expect(other.stderr.isEmpty, "\(other.stderr)")
        let otherID = other.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let remark = try await OutpostRun.run(["lead", "edit", firstID.rawValue, "--remark", "想报周末班"], replica: replica)
        #expect(remark.stderr.isEmpty, "an edit that leaves the number alone: \(remark.stderr)")
        let moved = try await OutpostRun.run(["edit", "lead", String(otherID.suffix(12)), "mobile=13812345678"], replica: replica)
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stderr.components(separatedBy: "[possible_duplicate]").count == 3, "both leads holding it: \(moved.stderr)")
    }

    @Test func badInputExitsWithUsageCodeAndSaysWhatToType() async throws {
        let replica = try await makeReplica()
        let badWord = try await OutpostRun.run(["add", "lead", "contact_name=王女士", "intent_level=Z"], replica: replica)
        #expect(badWord.status == 64)
        #expect(badWord.stderr == "Error: 'Z' does not fit intent_level, which takes one of A, B, C, D. Correct the value and run the command again. [change.invalid_value]\n")

        // A format's own code, as the server would answer it (spec §15.2).
        let badWeChat = try await OutpostRun.run(["add", "lead", "contact_name=王女士", "wechat_id=1abc"], replica: replica)
        #expect(badWeChat.status == 64)
        #expect(badWeChat.stderr.hasSuffix("[wechat.invalid_format]\n"), "\(badWeChat.stderr)")

        // A record missing what its own command fills points to that command (round 33).
        let lead = try await OutpostRun.run(["lead", "add", "--name", "王女士", "--mobile", "13900001111"], replica: replica)
        let leadID = lead.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let followUp = try await OutpostRun.run(["add", "follow_up", "subject_type=lead", "subject_id=\(leadID)", "method=phone", "content=x"],
                                                replica: replica)
        #expect(followUp.status != 0 && followUp.stderr.contains("Tip: `outpost followup add ID --subject"), "\(followUp.stderr)")

        let unknownEntity = try await OutpostRun.run(["list", "invoice"], replica: replica)
        #expect(unknownEntity.status == 64)
        #expect(unknownEntity.stderr.hasPrefix("Error: There is no entity 'invoice'. Pass one of: org_unit, user, role, lead, customer"))

        let wrongSubject = try await OutpostRun.run(["claim", "follow_up", "abc"], replica: replica)
        #expect(wrongSubject.status == 64)
        #expect(wrongSubject.stderr == "Error: `outpost claim` works on lead or customer records, not on follow_up. [command.wrong_subject]\n")

        let noRow = try await OutpostRun.run(["claim", "lead", "ffffffffffff"], replica: replica)
        #expect(noRow.status == 64)
        #expect(noRow.stderr.contains("No lead with id 'ffffffffffff' on this laptop. `outpost list lead` shows the ids"))

        let latitude = try await OutpostRun.run(["checkin", "--lat", "95", "--lon", "116.31", "--accuracy", "120"], replica: replica)
        #expect(latitude.status == 64)
        #expect(latitude.stderr.contains("--lat 95.0 is not a latitude. Pass degrees from -90 to 90 (north is positive)."))
        #expect(latitude.stderr.contains("(north is positive). [input.invalid_option]\nUsage: outpost checkin"), "an option's refusal has a code too: \(latitude.stderr)")

        let unknownOption = try await OutpostRun.run(["lead", "ad", "--name", "x"], replica: replica)
        #expect(unknownOption.status == 64)
        #expect(unknownOption.stderr.hasPrefix("Error: Unknown option '--name' [input.invalid_option]\n"), "\(unknownOption.stderr)")

        let accuracy = try await OutpostRun.run(["checkin", "--lat", "39.98", "--lon", "116.31", "--accuracy", "-5"], replica: replica)
        #expect(accuracy.status == 64)
        #expect(accuracy.stderr.contains("--accuracy -5.0 is not a radius. Pass metres above 0; when the fix is invalid, use --unavailable instead."))

        let limit = try await OutpostRun.run(["list", "lead", "--limit", "-1"], replica: replica)
        #expect(limit.status == 64)
        #expect(limit.stderr.contains("--limit -1 lists nothing. Pass 1 or more, or leave it out to list every row."), "\(limit.stderr)")
    }

    /// On a schema without check-ins (the `cli` branch: lead and follow_up only) the command
    /// refuses with a message naming what is missing; once the domain schema replicates
    /// `check_in`, the same test checks that the row is recorded instead.
    @Test func checkInIsRecordedOrRefusedByTheSchema() async throws {
        let replica = try await makeReplica()
        let checkIn = try await OutpostRun.run(["checkin", "--lat", "39.98", "--lon", "116.31", "--accuracy", "120", "--note", "到店"],
                                               replica: replica)
        if OutpostSchema.current.entity(EntityName("check_in")) == nil {
            #expect(checkIn.status == 64)
            #expect(checkIn.stderr.hasPrefix("Error: `outpost checkin` needs check_in records, which this build does not replicate yet (it has: lead, follow_up"))
        } else {
            #expect(checkIn.status == 0, "\(checkIn.stderr)")
            let listed = try await OutpostRun.run(["list", "check_in", "--json"], replica: replica).json([Listed].self)
            #expect(listed.first?.fields["lat"] == .real(39.98))
            #expect(listed.first?.fields["location_status"] == .text("fixed"))
            #expect(listed.first?.fields["kind"] == .text("ad_hoc"))
        }
    }
}
