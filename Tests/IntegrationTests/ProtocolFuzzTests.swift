import Foundation
import OutpostProtocol
import OutpostTestSupport
import Testing

/// Mutation fuzzing from the protocol's own example messages (issue 8): every mutated request
/// gets an answer below 500; every refusal is problem+json with a code and changes nothing.
@Suite struct ProtocolFuzzTests {
    private static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("protocol/examples")

    /// A seeded mutation of a JSON value: drop or add keys, swap types, blow up strings and arrays.
    private func mutate(_ value: Any, using random: inout SeededGenerator, depth: Int = 0) -> Any {
        let roll = Int.random(in: 0..<100, using: &random)
        switch value {
        case var object as [String: Any]:
            if roll < 10, let key = object.keys.sorted().randomElement(using: &random) { object[key] = nil; return object }
            if roll < 15 { object["unexpected"] = 1; return object }
            for key in object.keys.sorted() where Int.random(in: 0..<3, using: &random) == 0 {
                object[key] = mutate(object[key]!, using: &random, depth: depth + 1)
            }
            return object
        case var array as [Any]:
            if roll < 10 { return Array(repeating: array.first ?? NSNull(), count: 2_000) }
            if roll < 20 { return [] }
            for index in array.indices where Int.random(in: 0..<3, using: &random) == 0 {
                array[index] = mutate(array[index], using: &random, depth: depth + 1)
            }
            return array
        default:
            let replacements: [Any] = [NSNull(), true, -1, 0, Int64.max, 1.5, "", String(repeating: "字", count: 5_000),
                                       "9999999999999.0@w1", "c1.1.2", ["nested": ["deeper": [1, 2]]], [value, value]]
            return roll < 60 ? replacements.randomElement(using: &random)! : value
        }
    }

    @Test(arguments: StoreKind.allCases)
    func mutatedMessagesNeverBreakTheServer(store: StoreKind) async throws {
        let targets: [(file: String, path: String)] = [
            ("HandshakeRequest", "v1/handshake"), ("PushRequest", "v1/push"), ("PullRequest", "v1/pull"),
        ]
        try await withRunningServer(store) { server in
            var random = SeededGenerator(seed: 2026)
            let headers = validHeaders(token: DemoUsers.wang.token)
            var refused = 0
            for round in 0..<300 {
                let target = targets[round % targets.count]
                let original = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.examples.appendingPathComponent("\(target.file).json")))
                let mutated = mutate(original, using: &random)
                guard JSONSerialization.isValidJSONObject(mutated) else { continue }
                let body = try JSONSerialization.data(withJSONObject: mutated)
                let before = try await serverRows(server)
                let answer = try await sendRaw("POST", target.path, to: server, body: body, headers: headers)
                #expect(answer.status < 500, "round \(round): \(target.path) answered \(answer.status) to \(String(decoding: body.prefix(300), as: UTF8.self))")
                if answer.status >= 400 {
                    refused += 1
                    #expect(answer.problem != nil, "round \(round): a refusal without problem details")
                    #expect(try await serverRows(server) == before, "round \(round): a refused request changed data")
                }
            }
            #expect(refused > 50)   // the mutations do reach the error paths
        }
    }
}
