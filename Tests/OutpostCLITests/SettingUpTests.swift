import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica
import OutpostTestSupport
import Testing

/// Setting up, through the built binaries: `outpost init` checks a token before anything is
/// stored, and a replica never passes from one user to another (its rows and unsent changes are
/// theirs); both binaries say which release, protocol and schema they are; a server started on
/// a port in use says so plainly.
@Suite struct SettingUpTests {
    @Test func aWrongOrSomeoneElsesTokenIsRefusedAndAReplicaKeepsItsUser() async throws {
        let directory = try makeTemporaryDirectory("outpost-cli-init")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort: the verdict is decided
        let users = directory.appendingPathComponent("users.json")
        try JSONEncoder().encode([DemoUsers.wang, DemoUsers.zhao]).write(to: users)
        let server = try await ServerProcess.start(["--db", directory.appendingPathComponent("server.sqlite").path, "--users", users.path])
        defer { server.stop() }
        let replica = directory.appendingPathComponent("wang.sqlite")
        func initialize(_ user: String, _ token: String) async throws -> OutpostRun {
            try await OutpostRun.run(["init", "--server", server.url.absoluteString, "--user", user, "--token", token], replica: replica)
        }

        let wrongToken = try await initialize("u-wang", "not-a-token")
        #expect(wrongToken.status == 3, "\(wrongToken.stderr)")
        #expect(wrongToken.stderr.contains("[auth."), "\(wrongToken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: replica.path), "a refused token leaves no replica file behind")
        let notSetUp = try await OutpostRun.run(["status"], replica: replica)
        #expect(notSetUp.status == 2 && notSetUp.stderr.contains("is not set up"), "a refused token stores nothing: \(notSetUp.stderr)")

        let othersToken = try await initialize("u-zhao", DemoUsers.wang.token)
        #expect(othersToken.status == 64)
        #expect(othersToken.stderr.contains("This token belongs to u-wang, not u-zhao."), "\(othersToken.stderr)")

        let wang = try await initialize("u-wang", DemoUsers.wang.token)
        #expect(wang.status == 0, "\(wang.stderr)")
        #expect(!wang.stderr.contains("Could not reach"))

        let handOver = try await initialize("u-zhao", DemoUsers.zhao.token)
        #expect(handOver.status == 2)
        #expect(handOver.stderr.contains("belongs to u-wang"), "\(handOver.stderr)")
        let status = try await OutpostRun.run(["status"], replica: replica)
        #expect(status.stdout.contains("u-wang") && !status.stdout.contains("u-zhao"), "\(status.stdout)")
    }

    @Test func offlineTheReplicaIsSetUpAndTheFirstSyncChecksTheToken() async throws {
        let replica = try makeTemporaryDirectory("outpost-cli-init-offline").appendingPathComponent("replica.sqlite")
        let offline = try await OutpostRun.run(["init", "--server", "http://127.0.0.1:9", "--user", "u-wang", "--token", "t"], replica: replica)
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(offline.stderr.contains("Could not reach http://127.0.0.1:9 to check the token (connection failed"), "\(offline.stderr)")
        #expect(offline.stderr.contains("the replica is set up, and `outpost sync` will check it."))
    }

    @Test func aRefusalOnTheLaptopCarriesItsStableCodeAlsoAsJSON() async throws {
        let replica = try makeTemporaryDirectory("outpost-cli-refusal-code").appendingPathComponent("replica.sqlite")
        #expect(try await OutpostRun.run(["init", "--server", "http://127.0.0.1:9", "--user", "u-wang", "--token", "t"], replica: replica).status == 0)
        let added = try await OutpostRun.run(["lead", "add", "--name", "王女士", "--mobile", "13900001111", "--json"], replica: replica)
        let id = try #require(try JSONDecoder().decode([String: String].self, from: Data(added.stdout.utf8))["id"])
        // a lead keeps a way to reach the parent.
        let refused = try await OutpostRun.run(["lead", "edit", id, "--clear", "mobile", "--json"], replica: replica)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("[validation.required]"), "\(refused.stderr)")
        let answer = try JSONDecoder().decode([String: [String: String]].self, from: Data(refused.stdout.utf8))
        #expect(answer["error"]?["code"] == "validation.required", "\(refused.stdout)")
    }

    @Test func bothBinariesSayTheirReleaseProtocolAndSchema() async throws {
        let replica = try makeTemporaryDirectory("outpost-cli-version").appendingPathComponent("replica.sqlite")
        let client = try await OutpostRun.run(["--version"], replica: replica)
        #expect(client.status == 0)
        #expect(client.stdout == BuildVersion.description + "\n")
        #expect(client.stdout.contains("protocol v1–v2") && client.stdout.contains(OutpostSchema.current.fingerprint))
        #expect(try await ServerProcess.run(["--version"]) == BuildVersion.description + "\n")
    }

    @Test func aServerOnAPortAlreadyTakenSaysSoPlainly() async throws {
        let directory = try makeTemporaryDirectory("outpost-server-port")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort: the verdict is decided
        let users = directory.appendingPathComponent("users.json")
        try JSONEncoder().encode([DemoUsers.wang]).write(to: users)
        let first = try await ServerProcess.start(["--db", directory.appendingPathComponent("one.sqlite").path, "--users", users.path])
        defer { first.stop() }
        let port = try #require(first.url.port)
        do {
            try await ServerProcess.run(["--db", directory.appendingPathComponent("two.sqlite").path, "--users", users.path, "--port", "\(port)"])
            Issue.record("a second server started on a port in use")
        } catch ServerProcessError.failed(_, let status, let output) {
            #expect(status != 0)
            #expect(output.contains("Port \(port) on 127.0.0.1 is in use by another process"), "\(output)")
        }
    }

    @Test func theDemoOrganisationAndASeedFileAreBothSeeded() async throws {
        let directory = try makeTemporaryDirectory("outpost-cli-demo-seed")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort: the verdict is decided
        let seed = directory.appendingPathComponent("extra.json")
        try Data("""
            [{ "entity": "trial_session", "id": "ts-extra", "values": { "campus_id": "ou-hd-campus", "course_id": "course-coding",
               "start": 1788400800000, "end": 1788406200000, "capacity": 4, "booked_count": 0, "owner_sales_id": "u-wang" } }]
            """.utf8).write(to: seed)
        let server = try await ServerProcess.start(["--db", directory.appendingPathComponent("server.sqlite").path, "--demo", "--seed", seed.path])
        defer { server.stop() }
        let replica = directory.appendingPathComponent("wang.sqlite")
        let setUp = try await OutpostRun.run(["init", "--server", server.url.absoluteString, "--user", "u-wang", "--token", "wang-demo-token"],
                                             replica: replica)
        #expect(setUp.status == 0, "\(setUp.stderr)")
        #expect(try await OutpostRun.run(["sync"], replica: replica).status == 0)
        let laptop = try Replica(path: replica.path)
        #expect(try laptop.row(EntityName("org_unit"), id: RowID("ou-hd")) != nil, "the demo organisation is there")
        #expect(try laptop.row(EntityName("trial_session"), id: RowID("ts-extra")) != nil, "and so is the seed file's row")
    }

    @Test func aSalespersonSignsInWithMobileAndPasswordAndSyncs() async throws {
        let directory = try makeTemporaryDirectory("outpost-cli-login")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort: the verdict is decided
        let server = try await ServerProcess.start(["--db", directory.appendingPathComponent("server.sqlite").path, "--demo"])
        defer { server.stop() }
        let replica = directory.appendingPathComponent("wang.sqlite")
        let right = directory.appendingPathComponent("right.txt"), wrong = directory.appendingPathComponent("wrong.txt")
        try "outpost-demo\n".write(to: right, atomically: true, encoding: .utf8)
        try "not-the-password\n".write(to: wrong, atomically: true, encoding: .utf8)
        func signIn(_ extra: [String], password: URL) async throws -> OutpostRun {
            try await OutpostRun.run(["init", "--server", server.url.absoluteString, "--mobile", "138 0000 0001", "--password-file", password.path] + extra,
                                     replica: replica)
        }

        let refused = try await signIn([], password: wrong)
        #expect(refused.status == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("[auth."), "\(refused.stderr)")
        #expect(try await OutpostRun.run(["status"], replica: replica).stderr.contains("is not set up"), "a refused sign-in stores nothing")
        let empty = try await signIn([], password: URL(fileURLWithPath: "/dev/null"))
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("The password file /dev/null is empty"), "\(empty.stderr)")

        let someoneElse = try await signIn(["--user", "u-zhao"], password: right)
        #expect(someoneElse.status == 64)
        #expect(someoneElse.stderr.contains("signs in as u-wang, not u-zhao"), "\(someoneElse.stderr)")

        let wang = try await signIn([], password: right)
        #expect(wang.status == 0, "\(wang.stderr)")
        #expect(wang.stdout.contains("user     u-wang"))
        let sync = try await OutpostRun.run(["sync"], replica: replica)
        #expect(sync.status == 0, "the device's own token works: \(sync.stderr)")
        let commands = try await OutpostRun.run(["commands", "--limit", "-1"], replica: replica)
        #expect(commands.status == 64 && commands.stderr.contains("--limit -1 lists nothing"), "\(commands.stderr)")
        let both = try await OutpostRun.run(["init", "--server", server.url.absoluteString, "--mobile", "13800000001", "--token", "t"], replica: replica)
        #expect(both.status == 64 && both.stderr.contains("Pass either --token or --mobile, not both"))
    }

    /// `outpost logout` ends the device's session on the server and on the laptop; what the
    /// laptop has not sent waits there, and goes once the salesperson signs in again.
    @Test func aSalespersonSignsOutAndTheirUnsentWorkWaitsForTheNextSignIn() async throws {
        let directory = try makeTemporaryDirectory("outpost-cli-logout")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort: the verdict is decided
        let server = try await ServerProcess.start(["--db", directory.appendingPathComponent("server.sqlite").path, "--demo"])
        defer { server.stop() }
        let replica = directory.appendingPathComponent("wang.sqlite")
        let password = directory.appendingPathComponent("password.txt")
        try "outpost-demo\n".write(to: password, atomically: true, encoding: .utf8)
        let signIn = ["init", "--server", server.url.absoluteString, "--mobile", "13800000001", "--password-file", password.path]
        #expect(try await OutpostRun.run(signIn, replica: replica).status == 0)
        let token = try Replica(path: replica.path).settings().token
        let added = try await OutpostRun.run(["lead", "add", "--name", "孙妈妈", "--mobile", "13912345670"], replica: replica)
        #expect(added.status == 0, "\(added.stderr)")

        let out = try await OutpostRun.run(["logout"], replica: replica)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("Signed out u-wang") && out.stderr.contains("unsent changes stay on this laptop"), "\(out.stdout)\(out.stderr)")
        do {
            _ = try await HTTPSyncTransport(baseURL: server.url, token: token).handshake(HandshakeRequest(
                supportedVersions: VersionRange(ProtocolVersion.supported), deviceID: try Replica(path: replica.path).settings().deviceID,
                schemaFingerprint: "x", clientTime: 0))
            Issue.record("the old token still works")
        } catch TransportError.server(let problem) {
            #expect(problem.code == .invalidToken, "the old token no longer works")
        }
        let refused = try await OutpostRun.run(["sync"], replica: replica)
        #expect(refused.status == 2 && refused.stderr.contains("[replica.signed_out]"), "\(refused.stderr)")
        #expect(try await OutpostRun.run(["logout"], replica: replica).stderr.contains("signed out already"))

        #expect(try await OutpostRun.run(signIn, replica: replica).status == 0)
        let synced = try await OutpostRun.run(["sync", "--json"], replica: replica)
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(try Replica(path: replica.path).pendingCount() == 0, "the lead went at the next sign-in's sync")
    }
}
