import OutpostCore

/// Direct writers for the two messages of every push round trip, `PushRequest` (the client)
/// and `PushResponse` (the server), producing exactly the bytes `WireCoding.makeEncoder()`
/// produces (keys sorted, absent optionals left out). With one-change pushes, `JSONEncoder`'s
/// boxed tree costs more than the message is worth on both sides. A message in a rarer shape
/// (commands, a result with a current version or aliases, a value `JSONByteWriter` leaves to
/// `JSONEncoder`) returns nil and goes through `JSONEncoder`.
extension WireFastEncoding {
    /// The push's wire bytes, or nil when it needs `JSONEncoder`.
    public static func pushRequest(_ push: PushRequest) -> [UInt8]? {
        guard push.commands.isEmpty else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(64 + push.changes.count * 200)
        out += #"{"changes":["#.utf8
        for (index, change) in push.changes.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            if let base = change.base {
                guard member("base", base.description, to: &out) else { return nil }
                out.append(UInt8(ascii: ","))
            }
            for (key, text) in [("clock", change.clock.description), ("entity", change.entity.rawValue),
                                ("field", change.field.rawValue), ("rowID", change.rowID.rawValue)] {
                guard member(key, text, to: &out) else { return nil }
                out.append(UInt8(ascii: ","))
            }
            out += #""sequence":\#(change.sequence),"value":"#.utf8
            guard JSONByteWriter.append(change.value, to: &out) else { return nil }
            out.append(UInt8(ascii: "}"))
        }
        out += #"],"#.utf8
        guard member("deviceID", push.deviceID.rawValue, to: &out) else { return nil }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The answer's wire bytes, or nil when it needs `JSONEncoder`.
    public static func pushResponse(_ response: PushResponse) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(48 + response.results.count * 48)
        out.append(UInt8(ascii: "{"))
        guard member("logPosition", response.logPosition.rawValue, to: &out) else { return nil }
        out += #","results":["#.utf8
        for (index, result) in response.results.enumerated() {
            guard result.currentVersion == nil, result.aliases == nil else { return nil }
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            for (key, text) in [("code", result.code?.rawValue), ("conflictID", result.conflictID), ("message", result.message)] {
                guard let text else { continue }
                guard member(key, text, to: &out) else { return nil }
                out.append(UInt8(ascii: ","))
            }
            out += #""sequence":\#(result.sequence),"#.utf8
            guard member("status", result.status.rawValue, to: &out) else { return nil }
            if let stored = result.storedClock {
                out.append(UInt8(ascii: ","))
                guard member("storedClock", stored.description, to: &out) else { return nil }
            }
            out.append(UInt8(ascii: "}"))
        }
        out += "]}".utf8
        return out
    }

    // MARK: - Private

    /// Writes `"key":"text"`; false when the text needs `JSONEncoder`.
    private static func member(_ key: String, _ text: String, to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "\""))
        out += key.utf8
        out += #"":"#.utf8
        return JSONByteWriter.appendString(text, to: &out)
    }
}
