import Foundation

/// The one JSON setup of the wire, so the client, the server and the tests agree byte for byte.
public enum WireCoding {
    /// An encoder for wire messages: compact, keys sorted, so the same message is the same bytes.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }

    /// The places of an object's members in the order the encoder's `.sortedKeys` writes
    /// them: UTF-8 byte order of the keys. Places, not copies: a page sorts every row's fields,
    /// and copying each member (a name and a version holding three strings) cost more than
    /// the sort itself.
    static func keyOrder<Value>(_ members: [String: Value]) -> [Dictionary<String, Value>.Index] {
        var order = Array(members.indices)
        order.sort { precedesInByteOrder(members[$0].key, members[$1].key) }
        return order
    }

    /// `keyOrder(members)`, reusing an order sorted for an earlier object with the same number
    /// of members when this one has the same keys: the rows of a page mostly share their
    /// fields, and sorting every row's was a tenth of writing a page (BENCHMARKS, S1).
    /// - Parameter sorted: keys in byte order by member count, filled as objects are sorted.
    static func keyOrder<Value>(_ members: [String: Value], reusing sorted: inout [Int: [String]]) -> [Dictionary<String, Value>.Index] {
        if let keys = sorted[members.count] {
            var order: [Dictionary<String, Value>.Index] = []
            order.reserveCapacity(keys.count)
            for key in keys {
                guard let place = members.index(forKey: key) else { break }
                order.append(place)
            }
            // As many distinct keys as members, each found: the same keys.
            if order.count == members.count { return order }
        }
        let order = keyOrder(members)
        sorted[members.count] = order.map { members[$0].key }
        return order
    }

    /// Whether `a` comes before `b` in UTF-8 byte order, comparing the bytes in place.
    static func precedesInByteOrder(_ a: String, _ b: String) -> Bool {
        let inPlace = a.utf8.withContiguousStorageIfAvailable { a in
            b.utf8.withContiguousStorageIfAvailable { b in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
        return (inPlace ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Encodes a wire message: pushes and push answers through a direct writer when they are
    /// in its plain shape (`WireFastEncoding`), everything else through `makeEncoder()`. The
    /// bytes are the same either way.
    public static func encode(_ message: some Encodable) throws -> Data {
        if let push = message as? PushRequest, let bytes = WireFastEncoding.pushRequest(push) { return Data(bytes) }
        if let answer = message as? PushResponse, let bytes = WireFastEncoding.pushResponse(answer) { return Data(bytes) }
        return try makeEncoder().encode(message)
    }

    /// A decoder for wire messages.
    public static func makeDecoder() -> JSONDecoder {
        JSONDecoder()
    }

    /// Decodes a wire message: pull pages (both layouts) and pushes through a direct reader when they are in
    /// the plain shape this encoder writes, everything else (and anything unusual in those)
    /// through `makeDecoder()`. The result, or the error, is the same either way.
    public static func decode<Message: Decodable>(_ type: Message.Type, from data: Data) throws -> Message {
        if Message.self == PullPage.self, let page = WireFastDecoding.pullPage(data) {
            return page as! Message   // Message is PullPage: checked just above
        }
        if Message.self == CompactPullPage.self, let page = WireFastDecoding.compactPullPage(data) {
            return CompactPullPage(page) as! Message   // Message is CompactPullPage: checked just above
        }
        if Message.self == PushRequest.self, let push = WireFastDecoding.pushRequest(data) {
            return push as! Message   // Message is PushRequest: checked just above
        }
        if Message.self == PushResponse.self, let answer = WireFastDecoding.pushResponse(data) {
            return answer as! Message   // Message is PushResponse: checked just above
        }
        // Off the fast paths only: they read each known key once and give up on a repeat.
        if let repeated = JSONDuplicateKeys.first(in: data) {
            throw DuplicateKeyError(key: repeated)
        }
        return try makeDecoder().decode(type, from: data)
    }
}

/// A coding key for any string, used to spot keys a message does not define.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// Throws when the current JSON object has keys outside `known`: a request with fields
    /// this version does not define is refused rather than half-understood.
    func rejectUnknownKeys<Key: CodingKey & CaseIterable>(_ known: Key.Type) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        // `Key(stringValue:)` is the key's own lookup: no set to build for every message decoded.
        if let unknown = container.allKeys.first(where: { Key(stringValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: codingPath + [unknown],
                debugDescription: "Unknown field '\(unknown.stringValue)'."))
        }
    }
}
