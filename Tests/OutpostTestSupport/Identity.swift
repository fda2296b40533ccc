import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer

/// Helpers for identity tests: demo users with passwords, login over HTTP, and pushes of
/// audit rows (a row any user may write, R-10.3).
public enum Identity {
    /// The password the tests give demo users.
    public static let password = "correct-horse-battery"
    /// A cheap bcrypt cost: the tests check behaviour, not bcrypt's strength.
    public static let hasher = PasswordHasher(cost: 4)

    /// Seeds the demo organisation into `server`'s store and gives `users` the test password.
    public static func prepare(_ server: RunningServer, passwords users: [UserID] = [UserID("u-wang"), UserID("u-zhao")]) async throws {
        try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
        try await administration(server).setInitialPasswords(Dictionary(uniqueKeysWithValues: users.map { ($0, password) }))
    }

    /// The administration of `server`'s users, on its clock.
    public static func administration(_ server: RunningServer) -> UserAdministration {
        let clock = server.clock
        return UserAdministration(store: server.store, schema: OutpostSchema.current, hasher: hasher, now: { clock.now })
    }

    /// `POST /v1/login`.
    public static func login(_ server: RunningServer, mobile: String, password: String = password, device: String,
                             deviceName: String? = nil) async throws -> RawAnswer {
        let body = try WireCoding.makeEncoder().encode(LoginRequest(mobile: mobile, password: password, deviceID: DeviceID(device),
                                                                    deviceName: deviceName))
        return try await sendRaw("POST", "v1/login", to: server, body: body, headers: ["Content-Type": "application/json"])
    }

    /// Logs in and returns the token, or throws what the server answered.
    public static func token(_ server: RunningServer, mobile: String, device: String) async throws -> String {
        let answer = try await login(server, mobile: mobile, device: device)
        guard answer.status == 200 else { throw ProcessFailure("login answered \(answer.status): \(String(decoding: answer.body, as: UTF8.self))") }
        return try WireCoding.decode(LoginResponse.self, from: answer.body).token
    }

    /// A handshake body for `device`.
    public static func handshakeBody(device: String) -> Data {
        Data(#"{"supportedVersions":{"minimum":1,"maximum":1},"deviceID":"\#(device)","schemaFingerprint":"x","clientTime":0}"#.utf8)
    }

    /// The six changes of a new audit row written by `actor` on `device`, from `sequence` on.
    public static func auditRowChanges(id: String, actor: String, device: String, from sequence: Int = 1) -> [String] {
        let values: [(String, String)] = [
            ("actor_id", #""\#(actor)""#), ("device_id", #""\#(device)""#), ("action", #""export""#),
            ("entity_type", #""lead""#), ("occurred_at", "1000"), ("result", #""ok""#),
        ]
        return values.enumerated().map { offset, pair in
            #"{"sequence":\#(sequence + offset),"entity":"audit_log","rowID":"\#(id)","field":"\#(pair.0)","value":\#(pair.1),"clock":"1000.\#(offset)@\#(device)"}"#
        }
    }

    /// A push body of `changes` from `device`.
    public static func pushBody(device: String, _ changes: [String]) -> Data {
        Data(#"{"deviceID":"\#(device)","changes":[\#(changes.joined(separator: ","))]}"#.utf8)
    }
}
