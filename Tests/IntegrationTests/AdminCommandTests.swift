import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import OutpostCore
import OutpostProtocol
import OutpostTestSupport
import PostgresNIO
import Testing

/// The admin commands of the built `outpost-server`, end to end: a user added from the command
/// line signs in over HTTP; revoking, disabling, enabling, a new password, the quarantine and
/// the audit chain all act on the running server's store.
@Suite struct AdminCommandTests {
    @Test(arguments: StoreKind.allCases)
    func anAdministratorManagesUsersDevicesAndTheAuditLogFromTheCommandLine(store: StoreKind) async throws {
        let directory = try makeTemporaryDirectory("outpost-admin")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort cleanup
        let database = switch store {
        case .sqlite: directory.appendingPathComponent("server.sqlite").path
        case .postgres: try await TestPostgres.shared().url(database: try await TestPostgres.shared().createDatabase())
        }
        let users = directory.appendingPathComponent("users.json")
        try JSONEncoder().encode([DemoUsers.wang]).write(to: users)
        let firstPassword = try write("first-password-1\n", to: directory.appendingPathComponent("first.txt"))
        let secondPassword = try write("second-password-2", to: directory.appendingPathComponent("second.txt"))

        for (id, kind, parent) in [("ou-hq", "company", nil), ("ou-hd", "branch", "ou-hq"), ("ou-hd-t1", "team", "ou-hd")] {
            _ = try await ServerProcess.run(["units", "add", "--db", database, "--id", id, "--name", id, "--kind", kind] + (parent.map { ["--parent", $0] } ?? []))
        }
        let added = try await ServerProcess.run(["users", "add", "--db", database, "--id", "u-li", "--name", "李雷", "--mobile", "138-0000-0009",
                                                 "--unit", "ou-hd-t1", "--position", "course_consultant", "--password-file", firstPassword])
        #expect(added.contains("Added user u-li"))
        let server = try await ServerProcess.start(["--db", database, "--users", users.path])
        defer { server.stop() }

        let token = try await login(server.url, password: "first-password-1", device: "li-laptop").token()
        #expect(try await handshake(server.url, token: token, device: "li-laptop") == 200)

        let listed = try await ServerProcess.run(["devices", "list", "--db", database, "--user", "u-li", "--json"])
        #expect(listed.contains("\"li-laptop\""))
        #expect(!listed.contains(token))
        #expect(try await ServerProcess.run(["devices", "revoke", "--db", database, "li-laptop"]).contains("Revoked the token of device li-laptop"))
        #expect(try await handshake(server.url, token: token, device: "li-laptop") == 401)

        let second = try await login(server.url, password: "first-password-1", device: "li-laptop").token()
        #expect(try await ServerProcess.run(["users", "disable", "--db", database, "u-li"]).contains("Disabled u-li."))
        let refused = try await login(server.url, password: "first-password-1", device: "li-laptop")
        #expect(refused.status == 403)
        #expect(refused.problem?.code == .userDisabled)
        #expect(try await handshake(server.url, token: second, device: "li-laptop") == 403, "the token stays live for pushes only")

        #expect(try await ServerProcess.run(["users", "enable", "--db", database, "u-li"]).contains("Enabled u-li; revoked 1 device token"))
        #expect(try await handshake(server.url, token: second, device: "li-laptop") == 401)
        await #expect {
            try await ServerProcess.run(["users", "enable", "--db", database, "u-li"])
        } throws: { error in
            "\(error)".contains("User 'u-li' is not disabled; nothing changed")
        }
        let shortPassword = try makeTemporaryDirectory("outpost-admin").appendingPathComponent("short-password").path
        try "abc\n".write(toFile: shortPassword, atomically: true, encoding: .utf8)
        await #expect {
            try await ServerProcess.run(["users", "passwd", "--db", database, "u-ghost", "--password-file", shortPassword])
        } throws: { error in
            "\(error)".contains("There is no user 'u-ghost'")
        }
        await #expect {
            try await ServerProcess.run(["users", "passwd", "--db", database, "u-li", "--password-file", "/dev/null"])
        } throws: { error in
            "\(error)".contains("The password file /dev/null is empty")
        }
        _ = try await ServerProcess.run(["users", "passwd", "--db", database, "u-li", "--password-file", secondPassword])
        #expect(try await login(server.url, password: "first-password-1", device: "li-laptop").status == 401)
        #expect(try await login(server.url, password: "second-password-2", device: "li-laptop").status == 200)

        // Wang (a users-file token) is disabled: his push keeps the audit row and quarantines the rest.
        _ = try await ServerProcess.run(["users", "add", "--db", database, "--id", "u-wang", "--name", "王强", "--mobile", "13800000001",
                                         "--unit", "ou-hd-t1", "--position", "course_consultant", "--password-file", firstPassword])
        _ = try await ServerProcess.run(["users", "disable", "--db", database, "u-wang"])
        let changes = Identity.auditRowChanges(id: "019a0000-0000-7000-8000-00000000e001", actor: "u-wang", device: "w1")
            + [#"{"sequence":7,"entity":"lead","rowID":"019a0000-0000-7000-8000-00000000e002","field":"contact_name","value":"王妈妈","clock":"1000.9@w1"}"#]
        let (pushed, status) = try await post("v1/push", to: server.url, body: Identity.pushBody(device: "w1", changes),
                                              headers: validHeaders(token: DemoUsers.wang.token))
        #expect(status == 200)
        #expect(try WireCoding.decode(PushResponse.self, from: pushed).results.map(\.status) == Array(repeating: .applied, count: 6) + [.rejected])
        let quarantine = try await ServerProcess.run(["quarantine", "list", "--db", database, "--json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(quarantine.utf8)) as? [[String: Any]], "\(quarantine)")
        #expect(entries.map { $0["target"] as? String } == ["contact_name"])
        #expect(try await ServerProcess.run(["quarantine", "list", "--db", database]).contains("contact_name"))
        // The review: a selection is a user or a device; a release shows each entry's answer.
        await #expect {
            try await ServerProcess.run(["quarantine", "release", "--db", database])
        } throws: { error in
            guard case let ServerProcessError.failed(_, status, output) = error else { return false }
            return status != 0 && output.contains("Pass --user USER or --device DEVICE")
        }
        let released = try await ServerProcess.run(["quarantine", "release", "--db", database, "--user", "u-wang"])
        #expect(released.contains("contact_name      rejected  validation.required: A lead needs 'source_channel'."), "\(released)")
        #expect(released.contains("Released 0 of 1 entries. 1 rejected entry stays in the quarantine"), "\(released)")
        let discarded = try await ServerProcess.run(["quarantine", "discard", "--db", database, "--device", "w1", "--seq", "7"])
        #expect(discarded.contains("Discarded 1 entry; nothing was applied."))
        await #expect {
            try await ServerProcess.run(["quarantine", "discard", "--db", database, "--user", "u-wang"])
        } throws: { error in
            guard case let ServerProcessError.failed(_, status, output) = error else { return false }
            return status != 0 && output.contains("Nothing in the quarantine matches user u-wang.")
        }

        // Li moves to another team of his branch; a unit that does not exist changes nothing.
        _ = try await ServerProcess.run(["units", "add", "--db", database, "--id", "ou-hd-t2", "--name", "ou-hd-t2", "--kind", "team", "--parent", "ou-hd"])
        #expect(try await ServerProcess.run(["users", "move", "--db", database, "u-li", "--unit", "ou-hd-t2"]).contains("Moved u-li to ou-hd-t2."))
        await #expect {
            try await ServerProcess.run(["users", "move", "--db", database, "u-li", "--unit", "ou-nowhere"])
        } throws: { error in
            guard case let ServerProcessError.failed(_, status, output) = error else { return false }
            return status != 0 && output.contains("There is no org unit 'ou-nowhere'")
        }
        // A move to the unit he is in changes nothing and says so (round 31 audited it as a move).
        await #expect {
            try await ServerProcess.run(["users", "move", "--db", database, "u-li", "--unit", "ou-hd-t2"])
        } throws: { error in
            guard case let ServerProcessError.failed(_, status, output) = error else { return false }
            return status != 0 && output.contains("User 'u-li' is in unit 'ou-hd-t2' already; nothing changed.")
        }

        if store == .sqlite {
            let mistyped = directory.appendingPathComponent("sever.sqlite").path
            await #expect {
                try await ServerProcess.run(["users", "disable", "--db", mistyped, "u-li"])
            } throws: { error in
                guard case let ServerProcessError.failed(_, status, output) = error else { return false }
                return status != 0 && output.contains("There is no store at \(mistyped)")
            }
            #expect(!FileManager.default.fileExists(atPath: mistyped), "a mistyped --db leaves no empty store behind")
        }

        let verified = try await ServerProcess.run(["audit", "verify", "--db", database])
        #expect(verified.contains("audit chain intact"), "\(verified)")
        // A mistyped --last-hash is refused as such, not read as entries removed (round 31).
        await #expect {
            try await ServerProcess.run(["audit", "verify", "--db", database, "--last-hash", "deadbeef"])
        } throws: { error in
            guard case let ServerProcessError.failed(_, status, output) = error else { return false }
            return status != 0 && output.contains("'deadbeef' is not a hash `audit verify` prints") && !output.contains("removed")
        }
        server.stop()

        // Someone with access to the database rewrites one audit row: verify names it and fails.
        try await execute("UPDATE audit_log SET result = 'ok' WHERE id = (SELECT id FROM audit_log WHERE result = 'denied' LIMIT 1)",
                          on: database, store: store)
        await #expect {
            try await ServerProcess.run(["audit", "verify", "--db", database])
        } throws: { error in
            guard case let ServerProcessError.failed(_, status, output) = error else { return false }
            return status != 0 && output.contains("audit chain broken at entry")
        }
    }

    // MARK: - Private

    private struct LoginAnswer {
        var status: Int
        var body: Data
        var problem: ProblemDetails? { try? WireCoding.decode(ProblemDetails.self, from: body) }

        func token() throws -> String {
            guard status == 200 else { throw ProcessFailure("login answered \(status): \(String(decoding: body, as: UTF8.self))") }
            return try WireCoding.decode(LoginResponse.self, from: body).token
        }
    }

    /// Runs raw SQL on the store's database, behind the server's back.
    private func execute(_ sql: String, on database: String, store: StoreKind) async throws {
        switch store {
        case .sqlite:
            let queue = try DatabaseQueue(path: database)
            try await queue.write { db in try db.execute(sql: sql) }
            try queue.close()
        case .postgres:
            guard let name = database.split(separator: "/").last else { throw ProcessFailure("no database name in \(database)") }
            let client = try await TestPostgres.shared().makeClient(database: String(name))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                try await client.query(PostgresQuery(unsafeSQL: sql))
                group.cancelAll()
            }
        }
    }

    private func write(_ text: String, to url: URL) throws -> String {
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func login(_ server: URL, password: String, device: String) async throws -> LoginAnswer {
        let body = try WireCoding.makeEncoder().encode(LoginRequest(mobile: "13800000009", password: password, deviceID: DeviceID(device)))
        let (data, status) = try await post("v1/login", to: server, body: body, headers: ["Content-Type": "application/json"])
        return LoginAnswer(status: status, body: data)
    }

    private func handshake(_ server: URL, token: String, device: String) async throws -> Int {
        let body = Data(#"{"supportedVersions":{"minimum":1,"maximum":1},"deviceID":"\#(device)","schemaFingerprint":"x","clientTime":0}"#.utf8)
        return try await post("v1/handshake", to: server, body: body, headers: validHeaders(token: token)).1
    }

    private func post(_ path: String, to server: URL, body: Data, headers: [String: String]) async throws -> (Data, Int) {
        var request = URLRequest(url: URL(string: path, relativeTo: server)!, timeoutInterval: 30)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }
}
