import OutpostCore
import OutpostProtocol

/// What a device id a laptop sends must be: 1 to 128 characters, and not a release device's
/// (`<device>~released`), which only the server's own quarantine release pushes from
/// (`QuarantineReview`): a laptop signing in or syncing as one would pass for released writes.
enum SentDeviceID {
    /// - Throws: `ServerError.malformedRequest` naming what is wrong with `device`.
    static func check(_ device: DeviceID) throws {
        guard !device.rawValue.isEmpty, device.rawValue.count <= 128 else {
            throw ServerError.malformedRequest("'deviceID' must be 1 to 128 characters.")
        }
        guard !device.rawValue.hasSuffix(DeviceID.releaseDeviceSuffix) else {
            throw ServerError.malformedRequest("'deviceID' must not end in '\(DeviceID.releaseDeviceSuffix)': the server keeps such ids for quarantine releases.")
        }
    }
}
