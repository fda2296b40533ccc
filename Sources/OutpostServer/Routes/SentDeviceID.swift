import OutpostCore
import OutpostProtocol

/// What a device id a laptop sends must be: 1 to 128 ASCII letters, digits, `-`, `_` or `.`
/// (spec §5: it ends every clock and is compared as text, and lands in audit entries, whose
/// chain a control character would break), and not a release device's (`<device>~released`),
/// which only the server's own quarantine release pushes from (`QuarantineReview`): a laptop
/// signing in or syncing as one would pass for released writes.
enum SentDeviceID {
    /// The characters a device id may hold.
    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    /// The longest device name a sign-in may give.
    static let longestName = 128

    /// A device name a sign-in gives (shown in `devices list`): at most `longestName`
    /// characters, no control characters.
    /// - Throws: `ServerError.malformedRequest` naming what is wrong with `name`.
    static func check(name: String?) throws {
        guard let name else { return }
        guard name.count <= longestName, name.terminalSafe == name else {
            throw ServerError.malformedRequest("'deviceName' must be at most \(longestName) characters, without control characters.")
        }
    }

    /// - Throws: `ServerError.malformedRequest` naming what is wrong with `device`.
    static func check(_ device: DeviceID) throws {
        guard !device.rawValue.isEmpty, device.rawValue.count <= 128 else {
            throw ServerError.malformedRequest("'deviceID' must be 1 to 128 characters.")
        }
        guard !device.rawValue.hasSuffix(DeviceID.releaseDeviceSuffix) else {
            throw ServerError.malformedRequest("'deviceID' must not end in '\(DeviceID.releaseDeviceSuffix)': the server keeps such ids for quarantine releases.")
        }
        guard device.rawValue.utf8.allSatisfy(isAllowed) else {
            throw ServerError.malformedRequest("'deviceID' may hold only ASCII letters, digits, '-', '_' and '.'.")
        }
    }
}
