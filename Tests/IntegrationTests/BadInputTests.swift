import Foundation
import OutpostCore
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import Testing

/// Bad input gets a stable code and changes nothing (issue test 7).
@Suite struct BadInputTests {
    private func pushBody(_ change: String, device: String = "w1-test") -> Data {
        Data(#"{"deviceID":"\#(device)","changes":[\#(change)]}"#.utf8)
    }

    private func change(sequence: Int = 1, entity: String = "lead", row: String = "019a0000-0000-7000-8000-000000000001",
                        field: String = "contact_name", value: String = #""王妈妈""#, clock: String = "1000.0@w1-test") -> String {
        #"{"sequence":\#(sequence),"entity":"\#(entity)","rowID":"\#(row)","field":"\#(field)","value":\#(value),"clock":"\#(clock)"}"#
    }

    /// Runs `attempt` and checks that the server's rows and conflicts are the same afterwards.
    private func expectNothingChanges(_ server: RunningServer, _ attempt: () async throws -> Void) async throws {
        let before = try await serverRows(server)
        let head = try await server.store.pull(after: nil, limit: 1000).nextCursor
        try await attempt()
        #expect(try await serverRows(server) == before)
        #expect(try await server.store.pull(after: nil, limit: 1000).nextCursor == head)
    }

    @Test func aBadQueryIsCalledABadQuery() async throws {
        try await withRunningServer(.sqlite) { server in
            for query in ["limit=0", "after=-1", "limit=many"] {
                let answer = try await sendRaw("GET", "v1/conflicts?\(query)", to: server, headers: validHeaders(token: DemoUsers.wang.token))
                #expect(answer.status == 400)
                #expect(answer.problem?.code == .malformedRequest)
                #expect(answer.problem?.detail.hasPrefix("The request's query is not valid:") == true, "\(answer.problem?.detail ?? "")")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func malformedJSONAndUnknownMessageFieldsAreRefused(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await expectNothingChanges(server) {
                let headers = validHeaders(token: DemoUsers.wang.token)
                let broken = try await sendRaw("POST", "v1/push", to: server, body: Data("{\"deviceID\":".utf8), headers: headers)
                #expect(broken.status == 400)
                #expect(broken.problem?.code == .malformedRequest)

                let extra = try await sendRaw("POST", "v1/push", to: server,
                                              body: Data(#"{"deviceID":"d","changes":[],"admin":true}"#.utf8), headers: headers)
                #expect(extra.status == 400)
                #expect(extra.problem?.code == .malformedRequest)
                #expect(extra.problem?.detail.contains("admin") == true)

                // A key written twice would be read as either value: refused, whichever object holds it.
                for twice in [#"{"deviceID":"w1-test","deviceID":"other","changes":[\#(change())]}"#,
                              #"{"deviceID":"w1-test","changes":[\#(change().dropLast()),"field":"remark"}]}"#,
                              #"{"deviceID":"w1-test","changes":[],"d\u0065viceID":"other"}"#] {
                    let repeated = try await sendRaw("POST", "v1/push", to: server, body: Data(twice.utf8), headers: headers)
                    #expect(repeated.status == 400, "\(twice)")
                    #expect(repeated.problem?.code == .malformedRequest)
                    #expect(repeated.problem?.detail.contains("appears twice") == true, "\(repeated.problem?.detail ?? "")")
                }

                let missing = try await sendRaw("POST", "v1/pull", to: server, body: Data("{}".utf8), headers: headers)
                #expect(missing.status == 400)
                #expect(missing.problem?.code == .malformedRequest)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func rowIDsThatCannotBeIDsAreRefused(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await expectNothingChanges(server) {
                for id in ["", String(repeating: "a", count: 65), " a b ", "019A0000-0000-7000-8000-000000000001", "王妈妈"] {
                    let answer = try await sendRaw("POST", "v1/push", to: server, body: pushBody(change(row: id)),
                                                   headers: validHeaders(token: DemoUsers.wang.token))
                    #expect(answer.status == 400, "'\(id)'")
                    #expect(answer.problem?.code == .malformedRequest)
                    #expect(answer.problem?.detail.contains("which is not an id") == true, "\(answer.problem?.detail ?? "")")
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases, [
        ("entity", ErrorCode.unknownEntity),
        ("field", ErrorCode.unknownField),
        ("type", ErrorCode.invalidValue),
        ("enum", ErrorCode(rawValue: "value.unknown_enum")),
        ("required", ErrorCode.invalidValue),
        ("object", ErrorCode.invalidValue),
    ])
    func invalidChangesAreRejectedWithTheirCode(store: StoreKind, invalid: (String, ErrorCode)) async throws {
        let (kind, code) = invalid
        try await withRunningServer(store) { server in
            let body: Data = switch kind {
            case "entity": pushBody(change(entity: "invoice"))
            case "field": pushBody(change(field: "salary"))
            case "type": pushBody(change(value: "42"))
            case "enum": pushBody(change(field: "intent_level", value: #""Z""#))
            case "object": pushBody(change(field: "remark", value: #"{"x":1}"#))
            default: pushBody(change(value: "null"))
            }
            try await expectNothingChanges(server) {
                let answer = try await sendRaw("POST", "v1/push", to: server, body: body, headers: validHeaders(token: DemoUsers.wang.token))
                #expect(answer.status == 200)
                let response = try JSONDecoder().decode(PushResponse.self, from: answer.body)
                #expect(response.results.first?.status == .rejected)
                #expect(response.results.first?.code == code)
                #expect(response.results.first?.message?.isEmpty == false)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func changingAnImmutableFieldIsRejected(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let headers = validHeaders(token: DemoUsers.wang.token)
            let create = pushBody([
                change(sequence: 1, field: "created_at", value: "1764000000000"),
                change(sequence: 2, field: "contact_name", value: #""王妈妈""#, clock: "1000.1@w1-test"),
                change(sequence: 3, field: "mobile", value: #""13812345678""#, clock: "1000.2@w1-test"),
                change(sequence: 4, field: "source_channel", value: #""walk_in""#, clock: "1000.3@w1-test"),
            ].joined(separator: ","))
            _ = try await sendRaw("POST", "v1/push", to: server, body: create, headers: headers)
            try await expectNothingChanges(server) {
                let alter = pushBody(change(sequence: 5, field: "created_at", value: "1", clock: "2000.0@w1-test"))
                let answer = try await sendRaw("POST", "v1/push", to: server, body: alter, headers: headers)
                let response = try JSONDecoder().decode(PushResponse.self, from: answer.body)
                #expect(response.results.first?.status == .rejected)
                #expect(response.results.first?.code == .immutableField)
                #expect(response.results.first?.currentVersion?.version.value == .integer(1_764_000_000_000))
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func bodiesOverTheLimitAndGzipBombsGet413(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.maximumBodyBytes = 64 * 1024 }) { server in
            try await expectNothingChanges(server) {
                var headers = validHeaders(token: DemoUsers.wang.token)
                let huge = pushBody(change(value: "\"" + String(repeating: "x", count: 100_000) + "\""))
                let plain = try await sendRaw("POST", "v1/push", to: server, body: huge, headers: headers)
                #expect(plain.status == 413)
                #expect(plain.problem?.code == .requestTooLarge)

                headers["Content-Encoding"] = "gzip"
                let bomb = try gzip(Data(count: 20 * 1024 * 1024))
                #expect(bomb.count < 64 * 1024)
                let inflated = try await sendRaw("POST", "v1/push", to: server, body: bomb, headers: headers)
                #expect(inflated.status == 413)
                #expect(inflated.problem?.code == .requestTooLarge)

                // Over the limit by a quarter once inflated: within what the inflater's buffer grows by.
                let overByAQuarter = try gzip(pushBody(change(value: "\"" + String(repeating: "y", count: 80_000) + "\"")))
                let justOver = try await sendRaw("POST", "v1/push", to: server, body: overByAQuarter, headers: headers)
                #expect(justOver.status == 413)
                #expect(justOver.problem?.code == .requestTooLarge)

                let garbage = try await sendRaw("POST", "v1/push", to: server, body: Data("not gzip".utf8), headers: headers)
                #expect(garbage.status == 400)
                #expect(garbage.problem?.code == .malformedRequest)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aGzipBodyWithinTheLimitIsAccepted(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            var headers = validHeaders(token: DemoUsers.wang.token)
            headers["Content-Encoding"] = "gzip"
            let wholeLead = [
                change(),
                change(sequence: 2, field: "mobile", value: #""13812345678""#, clock: "1000.1@w1-test"),
                change(sequence: 3, field: "source_channel", value: #""walk_in""#, clock: "1000.2@w1-test"),
            ].joined(separator: ",")
            let answer = try await sendRaw("POST", "v1/push", to: server, body: try gzip(pushBody(wholeLead)), headers: headers)
            #expect(answer.status == 200)
            let response = try JSONDecoder().decode(PushResponse.self, from: answer.body)
            #expect(response.results.map(\.status) == [.applied, .applied, .applied])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func unsupportedProtocolVersionsGetAClearStableError(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await expectNothingChanges(server) {
                let future = try await sendRaw("POST", "v1/push", to: server, body: pushBody(change()),
                                               headers: validHeaders(token: DemoUsers.wang.token, protocolVersion: "99"))
                #expect(future.status == 400)
                #expect(future.problem?.code == .unsupportedProtocolVersion)
                #expect(future.problem?.detail == "This client speaks protocol v99; the server accepts v1 to v2. Update the outpost app, then sync again.")

                let hello = Data(#"{"supportedVersions":{"minimum":5,"maximum":7},"deviceID":"d","schemaFingerprint":"x","clientTime":0}"#.utf8)
                let handshake = try await sendRaw("POST", "v1/handshake", to: server, body: hello, headers: validHeaders(token: DemoUsers.wang.token))
                #expect(handshake.status == 400)
                #expect(handshake.problem?.code == .unsupportedProtocolVersion)

                // A range upside down, or no device, is a malformed handshake, not a version question.
                let reversed = Data(#"{"supportedVersions":{"minimum":2,"maximum":1},"deviceID":"d","schemaFingerprint":"x","clientTime":0}"#.utf8)
                let upsideDown = try await sendRaw("POST", "v1/handshake", to: server, body: reversed, headers: validHeaders(token: DemoUsers.wang.token))
                #expect(upsideDown.status == 400)
                #expect(upsideDown.problem?.code == .malformedRequest)
                #expect(upsideDown.problem?.detail.contains("'supportedVersions' runs from 2 down to 1; the minimum must not be above the maximum.") == true)
                let noDevice = Data(#"{"supportedVersions":{"minimum":1,"maximum":2},"deviceID":"","schemaFingerprint":"x","clientTime":0}"#.utf8)
                let anonymous = try await sendRaw("POST", "v1/handshake", to: server, body: noDevice, headers: validHeaders(token: DemoUsers.wang.token))
                #expect(anonymous.status == 400)
                #expect(anonymous.problem?.detail.contains("'deviceID' must be 1 to 128 characters.") == true)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func missingOrWrongTokensAreRefused(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await expectNothingChanges(server) {
                var headers = validHeaders(token: "not-a-token")
                let wrong = try await sendRaw("POST", "v1/push", to: server, body: pushBody(change()), headers: headers)
                #expect(wrong.status == 401)
                #expect(wrong.problem?.code == .invalidToken)
                #expect(wrong.problem?.detail == "The access token is missing, unknown or revoked. Sign in again with `outpost init`.")
                headers["Authorization"] = nil
                let missing = try await sendRaw("POST", "v1/pull", to: server, body: Data(#"{"limit":10}"#.utf8), headers: headers)
                #expect(missing.status == 401)
                #expect(missing.problem?.code == .invalidToken)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aDeviceCannotPushForAnotherUser(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            _ = try await sendRaw("POST", "v1/push", to: server, body: pushBody(change()), headers: validHeaders(token: DemoUsers.wang.token))
            try await expectNothingChanges(server) {
                let stolen = pushBody(change(sequence: 2, field: "remark", value: #""x""#, clock: "3000.0@w1-test"))
                let answer = try await sendRaw("POST", "v1/push", to: server, body: stolen, headers: validHeaders(token: DemoUsers.zhao.token))
                #expect(answer.status == 403)
                #expect(answer.problem?.code == .deviceMismatch)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func unknownRoutesAndBadCursorsGetProblemDetails(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let headers = validHeaders(token: DemoUsers.wang.token)
            let nowhere = try await sendRaw("GET", "v1/nowhere", to: server, headers: headers)
            #expect(nowhere.status == 404)
            #expect(nowhere.problem?.code == .notFound)
            let forged = try await sendRaw("POST", "v1/pull", to: server, body: Data(#"{"cursor":"DROP TABLE","limit":5}"#.utf8), headers: headers)
            #expect(forged.status == 400)
            #expect(forged.problem?.code == .invalidCursor)
            let ahead = try await sendRaw("POST", "v1/pull", to: server, body: Data(#"{"cursor":"c1.999999.999999","limit":5}"#.utf8), headers: headers)
            #expect(ahead.status == 409)
            #expect(ahead.problem?.code == .invalidCursor)
            let health = try await sendRaw("GET", "v1/health", to: server)
            #expect(health.status == 200)
        }
    }

    /// A path the server does not serve is 404 `request.not_found` whatever headers it carries:
    /// no `Outpost-Protocol`, a version the server does not speak, no token (spec §4). A served
    /// path keeps its answers: without the header 400, without a token 401.
    @Test func anUnknownPathIsNotFoundWhateverItsHeaders() async throws {
        try await withRunningServer(.sqlite) { server in
            var noVersion = validHeaders(token: DemoUsers.wang.token)
            noVersion["Outpost-Protocol"] = nil
            var noToken = validHeaders(token: DemoUsers.wang.token)
            noToken["Authorization"] = nil
            let headerSets: [(String, [String: String])] = [
                ("no headers", [:]), ("no Outpost-Protocol", noVersion), ("protocol v99", validHeaders(token: DemoUsers.wang.token, protocolVersion: "99")),
                ("no token", noToken), ("a wrong token", validHeaders(token: "not-a-token")),
            ]
            for (method, path) in [("GET", "v1/nowhere"), ("POST", "v1/pushes"), ("GET", "v1/push"), ("GET", "nowhere")] {
                for (name, headers) in headerSets {
                    let answer = try await sendRaw(method, path, to: server, headers: headers)
                    #expect(answer.status == 404, "\(method) \(path) with \(name)")
                    #expect(answer.problem?.code == .notFound, "\(method) \(path) with \(name)")
                }
            }
            let served = try await sendRaw("POST", "v1/push", to: server, body: pushBody(change()), headers: noVersion)
            #expect(served.status == 400)
            #expect(served.problem?.code == .unsupportedProtocolVersion)
            #expect(served.problem?.detail == "This request names no protocol version (its Outpost-Protocol header is missing); the server accepts v1 to v2. Update the outpost app, then sync again.")
            for odd in ["01", "+1", "1.0"] {
                let answer = try await sendRaw("POST", "v1/push", to: server, body: pushBody(change()),
                                               headers: validHeaders(token: DemoUsers.wang.token, protocolVersion: odd))
                #expect(answer.status == 400, "Outpost-Protocol '\(odd)'")
                #expect(answer.problem?.code == .unsupportedProtocolVersion, "Outpost-Protocol '\(odd)'")
                #expect(answer.problem?.detail.contains("'\(odd)' (not a version number") == true, "\(answer.problem?.detail ?? "")")
            }
            let anonymous = try await sendRaw("POST", "v1/pull", to: server, body: Data(#"{"limit":10}"#.utf8), headers: noToken)
            #expect(anonymous.status == 401)
            #expect(anonymous.problem?.code == .invalidToken)
        }
    }
}

/// Hostile input at the HTTP layer, table-driven (issue 8): each case gets a 4xx problem with
/// a stable code, never a 5xx, and the database is unchanged.
@Suite struct HostileInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var body: Data
        var headers: [String: String] = [:]
        var status: Int
        var code: ErrorCode
        /// Words the problem's detail must hold, when the case says what it should name.
        var detail: String? = nil
        var testDescription: String { name }
    }

    static let push = "v1/push"
    static func change(_ fields: String) -> Data { Data(#"{"deviceID":"w1","changes":[\#(fields)]}"#.utf8) }
    static let good = #"{"sequence":1,"entity":"lead","rowID":"r","field":"contact_name","value":"x","clock":"1.0@w1"}"#

    static let cases: [Case] = [
        Case(name: "truncated JSON", path: push, body: Data(#"{"deviceID":"w1","changes":[{"seq"#.utf8), status: 400, code: .malformedRequest,
             detail: "not valid JSON"),
        Case(name: "invalid UTF-8", path: push, body: Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]), status: 400, code: .malformedRequest,
             detail: "not UTF-8"),
        Case(name: "a sequence with a fraction", path: push, body: change(good.replacingOccurrences(of: #""sequence":1"#, with: #""sequence":5.5"#)),
             status: 400, code: .malformedRequest, detail: "whole number"),
        Case(name: "a sequence beyond 64 bits", path: push,
             body: change(good.replacingOccurrences(of: #""sequence":1"#, with: #""sequence":99999999999999999999"#)),
             status: 400, code: .malformedRequest, detail: "whole number"),
        Case(name: "deep nesting", path: push, body: Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8),
             status: 400, code: .malformedRequest),
        Case(name: "changes is not an array", path: push, body: Data(#"{"deviceID":"w1","changes":{"a":1}}"#.utf8), status: 400, code: .malformedRequest),
        Case(name: "value nested ten thousand deep", path: push,
             body: change(#"{"sequence":1,"entity":"lead","rowID":"r","field":"remark","value":"# + String(repeating: "[", count: 10_000)
                          + String(repeating: "]", count: 10_000) + #","clock":"1.0@w1"}"#),
             status: 400, code: .malformedRequest),
        Case(name: "sequence zero", path: push, body: change(good.replacingOccurrences(of: #""sequence":1"#, with: #""sequence":0"#)), status: 400, code: .malformedRequest),
        Case(name: "sequences not increasing", path: push, body: change(good + "," + good), status: 400, code: .malformedRequest),
        Case(name: "clock of another device", path: push, body: change(good.replacingOccurrences(of: "1.0@w1", with: "1.0@z1")), status: 400, code: .malformedRequest),
        Case(name: "clock not a clock", path: push, body: change(good.replacingOccurrences(of: "1.0@w1", with: "yesterday")), status: 400, code: .malformedRequest),
        Case(name: "empty device id", path: push, body: Data(#"{"deviceID":"","changes":[]}"#.utf8), status: 400, code: .malformedRequest),
        Case(name: "a release device's id", path: push,
             body: Data(#"{"deviceID":"w1~released","changes":[{"sequence":1,"entity":"lead","rowID":"r","field":"contact_name","value":"x","clock":"1.0@w1~released"}]}"#.utf8),
             status: 400, code: .malformedRequest),
        Case(name: "handshake as a release device", path: "v1/handshake",
             body: Data(#"{"supportedVersions":{"minimum":1,"maximum":2},"deviceID":"w1~released","schemaFingerprint":"x","clientTime":0}"#.utf8),
             status: 400, code: .malformedRequest),
        Case(name: "sign-in as a release device", path: "v1/login",
             body: Data(#"{"mobile":"13800000001","password":"outpost-demo","deviceID":"w1~released"}"#.utf8),
             status: 400, code: .malformedRequest),
        Case(name: "too many changes", path: push,
             body: change((1...1001).map { good.replacingOccurrences(of: #""sequence":1"#, with: #""sequence":\#($0)"#) }.joined(separator: ",")),
             status: 413, code: .requestTooLarge),
        Case(name: "too many entries, commands counted", path: push,
             body: Data((#"{"deviceID":"w1","changes":[\#(good)],"commands":["# + (2...1001).map {
                 #"{"sequence":\#($0),"id":"cmd-\#($0)","name":"claim","entity":"lead","rowID":"r","arguments":{},"clock":"1.\#($0)@w1"}"#
             }.joined(separator: ",") + "]}").utf8),
             status: 413, code: .requestTooLarge),
        Case(name: "wrong content type", path: push, body: change(good), headers: ["Content-Type": "text/plain"], status: 415, code: .unsupportedMediaType),
        Case(name: "a content type that only begins like JSON's", path: push, body: change(good), headers: ["Content-Type": "application/jsonx"],
             status: 415, code: .unsupportedMediaType),
        Case(name: "a NUL character in a value", path: push, body: change(good.replacingOccurrences(of: #""value":"x""#, with: #""value":"a\u0000b""#)
                                                                         .replacingOccurrences(of: #""rowID":"r""#, with: #""rowID":"019a0000-0000-7000-8000-000000000001""#)),
             status: 400, code: .malformedRequest),
        Case(name: "a NUL character in a sign-in's device id", path: "v1/login",
             body: Data(#"{"mobile":"13800000001","password":"outpost-demo","deviceID":"dev\u0000x"}"#.utf8), status: 400, code: .malformedRequest),
        Case(name: "a device name with a line break", path: "v1/login",
             body: Data(#"{"mobile":"13800000001","password":"outpost-demo","deviceID":"w9","deviceName":"laptop\nfake-line u-chen"}"#.utf8),
             status: 400, code: .malformedRequest),
        Case(name: "a device name of 200 characters", path: "v1/login",
             body: Data(#"{"mobile":"13800000001","password":"outpost-demo","deviceID":"w9","deviceName":""#.utf8 + Array(repeating: UInt8(ascii: "x"), count: 200)
                        + Array(#""}"#.utf8)),
             status: 400, code: .malformedRequest),
        Case(name: "a device id with characters a clock cannot end in", path: "v1/login",
             body: Data(#"{"mobile":"13800000001","password":"outpost-demo","deviceID":"a@b c"}"#.utf8), status: 400, code: .malformedRequest),
        Case(name: "tampered cursor", path: "v1/pull", body: Data(#"{"cursor":"c1.5.9","limit":5}"#.utf8), status: 400, code: .invalidCursor),
        Case(name: "negative cursor", path: "v1/pull", body: Data(#"{"cursor":"c1.-1.0","limit":5}"#.utf8), status: 400, code: .invalidCursor),
        Case(name: "zero page size", path: "v1/pull", body: Data(#"{"limit":0}"#.utf8), status: 400, code: .malformedRequest),
        Case(name: "unknown gzip encoding", path: push, body: change(good), headers: ["Content-Encoding": "br"], status: 400, code: .malformedRequest),
    ]

    @Test(arguments: StoreKind.allCases, cases)
    func hostileRequestsGetAStable4xxAndChangeNothing(store: StoreKind, _ hostile: Case) async throws {
        try await withRunningServer(store) { server in
            let before = try await serverRows(server)
            var headers = validHeaders(token: DemoUsers.wang.token)
            headers.merge(hostile.headers) { _, new in new }
            let answer = try await sendRaw("POST", hostile.path, to: server, body: hostile.body, headers: headers)
            #expect(answer.status == hostile.status)
            #expect(answer.problem?.code == hostile.code)
            if let detail = hostile.detail {
                #expect(answer.problem?.detail.contains(detail) == true, "\(answer.problem?.detail ?? "no detail")")
            }
            #expect(try await serverRows(server) == before)
            #expect(try await sendRaw("GET", "v1/health", to: server).status == 200)   // still up
        }
    }

    @Test func aUserCannotHoldMoreRequestsThanTheCap() async throws {
        // A limit of the HTTP layer, the same whatever the store.
        try await withRunningServer(.sqlite, configure: { $0.maximumConcurrentRequestsPerUser = 2 }) { server in
            // Twenty pulls at once from one user: some may be refused with 429, none fails otherwise.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await sendRaw("POST", "v1/pull", to: server, body: Data(#"{"limit":1000}"#.utf8),
                                          headers: validHeaders(token: DemoUsers.wang.token)).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(Set(statuses).isSubset(of: [200, 429]))
            #expect(statuses.contains(200))
            let counter = InFlightCounter()
            #expect(await counter.enter(DemoUsers.wang.userID, limit: 2))
            #expect(await counter.enter(DemoUsers.wang.userID, limit: 2))
            #expect(await !counter.enter(DemoUsers.wang.userID, limit: 2))
            await counter.leave(DemoUsers.wang.userID)
            #expect(await counter.enter(DemoUsers.wang.userID, limit: 2))
        }
    }
}
