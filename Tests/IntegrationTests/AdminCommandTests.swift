import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import OutpostCore
import OutpostProtocol
import OutpostTestSupport
import Testing

/// The admin commands of the built `outpost-server`, end to end: a user added from the command
/// line signs in over HTTP; revoking, disabling, enabling, a new password, the quarantine and
/// the audit chain all act on the running server's store.
@Suite struct AdminCommandTests {
    @Test func anAdministratorManagesUsersDevicesAndTheAuditLogFromTheCommandLine() async throws {
        let directory = try makeTemporaryDirectory("outpost-admin")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort cleanup
        let database = directory.appendingPathComponent("server.sqlite").path
        let users = directory.appendingPathComponent("users.json")
        try JSONEncoder().encode([DemoUsers.wang]).write(to: users)
        let firstPassword = try write("first-password-1\n", to: directory.appendingPathComponent("first.txt"))
        let secondPassword = try write("second-password-2", to: directory.appendingPathComponent("second.txt"))

        let added = try ServerProcess.run(["users", "add", "--db", database, "--id", "u-li", "--name", "李雷", "--mobile", "138-0000-0009",
                                           "--unit", "ou-hd-t1", "--position", "course_consultant", "--reports-to", "u-lily",
                                           "--password-file", firstPassword])
        #expect(added.contains("Added user u-li"))
        let server = try await ServerProcess.start(["--db", database, "--users", users.path])
        defer { server.stop() }

        let token = try await login(server.url, password: "first-password-1", device: "li-laptop").token()
        #expect(try await handshake(server.url, token: token, device: "li-laptop") == 200)

        let listed = try ServerProcess.run(["devices", "list", "--db", database, "--user", "u-li", "--json"])
        #expect(listed.contains("\"li-laptop\""))
        #expect(!listed.contains(token))
        #expect(try ServerProcess.run(["devices", "revoke", "--db", database, "li-laptop"]).contains("Revoked the token of device li-laptop"))
        #expect(try await handshake(server.url, token: token, device: "li-laptop") == 401)

        _ = try await login(server.url, password: "first-password-1", device: "li-laptop").token()
        #expect(try ServerProcess.run(["users", "disable", "--db", database, "u-li"]).contains("Disabled u-li; revoked 1 device token."))
        let refused = try await login(server.url, password: "first-password-1", device: "li-laptop")
        #expect(refused.status == 403)
        #expect(refused.problem?.code == .userDisabled)

        _ = try ServerProcess.run(["users", "enable", "--db", database, "u-li"])
        _ = try ServerProcess.run(["users", "passwd", "--db", database, "u-li", "--password-file", secondPassword])
        #expect(try await login(server.url, password: "first-password-1", device: "li-laptop").status == 401)
        #expect(try await login(server.url, password: "second-password-2", device: "li-laptop").status == 200)

        let quarantine = try ServerProcess.run(["quarantine", "list", "--db", database, "--json"])
        #expect(try JSONSerialization.jsonObject(with: Data(quarantine.utf8)) as? [Any] != nil)

        let verified = try ServerProcess.run(["audit", "verify", "--db", database])
        #expect(verified.contains("audit chain intact"), "\(verified)")
        server.stop()

        // Someone with access to the file rewrites one audit row: verify names it and fails.
        let queue = try DatabaseQueue(path: database)
        try await queue.write { db in
            try db.execute(sql: "UPDATE audit_log SET result = 'ok' WHERE id = (SELECT id FROM audit_log WHERE result = 'denied' LIMIT 1)")
        }
        try queue.close()
        #expect {
            try ServerProcess.run(["audit", "verify", "--db", database])
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
