import Foundation

/// A message with a key written twice in one object (`WireCoding.decode`).
public struct DuplicateKeyError: Error, Equatable, CustomStringConvertible {
    /// The repeated key.
    public let key: String

    /// The error for `key`.
    public init(key: String) {
        self.key = key
    }

    public var description: String { "The key '\(key)' appears twice in one object; write each key once." }
}

/// Finds a key written twice in one JSON object. `JSONDecoder` keeps one of the two without a
/// word, so `{"deviceID": "a", "deviceID": "b"}` would be read as either; a message is strict
/// (spec §4: every key once), and such a body is refused instead.
enum JSONDuplicateKeys {
    private enum Container {
        case object(keys: Set<String>)
        case array
    }

    /// The first key that appears twice in one object of `data`, or nil. Text that is not
    /// JSON at all gives nil too: the decoder says what is wrong with it.
    static func first(in data: Data) -> String? {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var open: [Container] = []
            var expectingKey = false
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "{"):
                    open.append(.object(keys: []))
                    expectingKey = true
                case UInt8(ascii: "["):
                    open.append(.array)
                    expectingKey = false
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if !open.isEmpty { open.removeLast() }
                    expectingKey = false
                case UInt8(ascii: ","):
                    if case .object = open.last { expectingKey = true }
                case UInt8(ascii: "\""):
                    let start = index
                    index += 1
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                        index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                    }
                    guard expectingKey, case .object(var keys) = open.last, index < bytes.count else { break }
                    let key = Self.key(UnsafeBufferPointer(rebasing: bytes[start...index]))
                    guard keys.insert(key).inserted else { return key }
                    open[open.count - 1] = .object(keys: keys)
                    expectingKey = false
                default:
                    break
                }
                index += 1
            }
            return nil
        }
    }

    /// A key's text from its quoted literal, escapes read (`"d\u0065viceID"` is `deviceID`).
    private static func key(_ literal: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: literal, as: UTF8.self)
        guard literal.contains(UInt8(ascii: "\\")) else { return String(text.dropFirst().dropLast()) }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) as? String ?? text
    }
}
