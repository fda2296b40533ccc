import Foundation
import OutpostProtocol
import Testing

/// Every file in `protocol/examples/` decodes with the message type it is named after and
/// survives an encode–decode round trip, so the contract and the code cannot drift apart.
@Suite struct ExamplesTests {
    @Test(arguments: WireMessage.all)
    func exampleDecodesAndSurvivesARoundTrip(_ message: WireMessage) throws {
        let data = try Data(contentsOf: try #require(ExampleFiles.url(of: message)))
        try message.checkRoundTrip(data)
    }

    @Test(arguments: WireMessage.all)
    func exampleHoldsNothingTheTypeIgnores(_ message: WireMessage) throws {
        let data = try Data(contentsOf: try #require(ExampleFiles.url(of: message)))
        // Response types skip keys they do not know, so a misspelt optional field would
        // vanish silently; re-encoding must give back what the file says (absent == null).
        let written = try JSONDecoder().decode(JSONValue.self, from: data).withoutNullMembers
        let reencoded = try JSONDecoder().decode(JSONValue.self, from: try message.reencoded(data)).withoutNullMembers
        let differences = reencoded.differences(from: written)
        #expect(differences.isEmpty, "The wire encoder's \(message.name) differs from the example at \(differences)")
    }

    @Test func everyExampleFileNamesAMessageType() throws {
        let files = try ExampleFiles.names()
        let known = Set(WireMessage.all.map(\.name))
        #expect(!files.isEmpty, "protocol/examples/ holds no JSON files; looked in \(ExampleFiles.directory.path)")
        #expect(files.subtracting(known).isEmpty, "Examples without a message type: \(files.subtracting(known).sorted())")
    }

    @Test func everyMessageTypeHasAnExample() throws {
        let files = try ExampleFiles.names()
        let declared = try SourceMessages.declaredNames()
        let mapped = Set(WireMessage.all.map(\.name))
        #expect(declared.subtracting(mapped).isEmpty, "Message types missing from WireMessage.all: \(declared.subtracting(mapped).sorted())")
        #expect(mapped.subtracting(files).isEmpty, "Message types without an example: \(mapped.subtracting(files).sorted())")
    }
}

/// One message of the wire, named as its example file is, with the type that decodes it.
struct WireMessage: Sendable, CustomTestStringConvertible {
    /// Every request, response and error body of protocols v1 and v2.
    static let all: [WireMessage] = [
        WireMessage(HandshakeRequest.self),
        WireMessage(HandshakeResponse.self),
        WireMessage(PushRequest.self),
        WireMessage(PushResponse.self),
        WireMessage(PullRequest.self),
        WireMessage(PullPage.self),
        WireMessage(CompactPullPage.self),
        WireMessage(ConflictList.self),
        WireMessage(IngestRequest.self),
        WireMessage(IngestReport.self),
        WireMessage(ProblemDetails.self),
        WireMessage(LoginRequest.self),
        WireMessage(LoginResponse.self),
    ]

    /// The Swift type's name, which is also the example's file name without `.json`.
    let name: String
    private let roundTrip: @Sendable (Data) throws -> Void
    private let reencode: @Sendable (Data) throws -> Data

    init<Message: Codable & Equatable & Sendable>(_ type: Message.Type) {
        name = String(describing: type)
        roundTrip = { data in
            let first = try WireCoding.makeDecoder().decode(Message.self, from: data)
            let encoded = try WireCoding.makeEncoder().encode(first)
            let second = try WireCoding.makeDecoder().decode(Message.self, from: encoded)
            #expect(second == first, "\(Message.self) changed on its way through the wire encoder")
        }
        reencode = { data in
            try WireCoding.makeEncoder().encode(try WireCoding.makeDecoder().decode(Message.self, from: data))
        }
    }

    var testDescription: String { name }

    /// Decodes `data`, encodes it with the wire encoder, decodes it again, and expects equality.
    func checkRoundTrip(_ data: Data) throws { try roundTrip(data) }

    /// The wire encoder's output for the message in `data`.
    func reencoded(_ data: Data) throws -> Data { try reencode(data) }
}

/// Where the examples live: `protocol/examples/` at the repository root.
enum ExampleFiles {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Tests/OutpostProtocolTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()

    static let directory = repositoryRoot.appendingPathComponent("protocol/examples", isDirectory: true)

    /// The example's file, or nil when it does not exist.
    static func url(of message: WireMessage) -> URL? {
        let url = directory.appendingPathComponent(message.name + ".json")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The names of the JSON files, without `.json`.
    static func names() throws -> Set<String> {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return Set(files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) })
    }
}

/// The message types declared in `Sources/OutpostProtocol/V1`: by convention their names end
/// in Request, Response, Page or List.
enum SourceMessages {
    static func declaredNames() throws -> Set<String> {
        let sources = ExampleFiles.repositoryRoot.appendingPathComponent("Sources/OutpostProtocol/V1", isDirectory: true)
        let pattern = try Regex(#"public struct (\w+(?:Request|Response|Page|List))\b"#)
        var names: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: sources.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let name = match.output[1].substring { names.insert(String(name)) }
            }
        }
        return names
    }
}

/// Any JSON value, for comparing an example file with the encoder's output by meaning.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The same value with object members whose value is null removed (array items stay),
    /// since an absent optional and an explicit null mean the same on the wire.
    var withoutNullMembers: JSONValue {
        switch self {
        case .array(let items): .array(items.map(\.withoutNullMembers))
        case .object(let members): .object(members.filter { $0.value != .null }.mapValues(\.withoutNullMembers))
        default: self
        }
    }

    /// The paths (such as `$.results[5].conflictID`) at which this value and `other` differ.
    func differences(from other: JSONValue, at path: String = "$") -> [String] {
        switch (self, other) {
        case let (.object(mine), .object(theirs)):
            Set(mine.keys).union(theirs.keys).sorted().flatMap { key -> [String] in
                guard let left = mine[key], let right = theirs[key] else { return ["\(path).\(key)"] }
                return left.differences(from: right, at: "\(path).\(key)")
            }
        case let (.array(mine), .array(theirs)) where mine.count == theirs.count:
            zip(mine, theirs).enumerated().flatMap { index, pair in pair.0.differences(from: pair.1, at: "\(path)[\(index)]") }
        default:
            self == other ? [] : [path]
        }
    }
}
