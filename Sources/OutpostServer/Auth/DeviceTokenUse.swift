/// How often a token's `last_used_at` is written: at most once per interval per device, so
/// authenticating a request seldom costs a write.
enum DeviceTokenUse {
    /// One minute, in ms.
    static let recordingInterval: Int64 = 60_000
}
