import OutpostCore

extension Identifier where Kind == DeviceKind {
    /// What a release device's id adds to its laptop's device id.
    public static var releaseDeviceSuffix: String { "~released" }

    /// The device a manager's quarantine release pushes this laptop's kept entries from
    /// (`outpost-server quarantine release`, auth.md §5): the laptop's id and
    /// `releaseDeviceSuffix`. Its clocks keep the wall time and counter the laptop wrote,
    /// so the laptop recognises its released writes when it pulls them.
    public var releaseDevice: DeviceID { DeviceID(rawValue + Self.releaseDeviceSuffix) }
}
