import OutpostCore

/// What a local edit needs of the sync state: who edits, on which device, the device's clock
/// and the offset between the server's clock and the laptop's.
struct EditState: Sendable {
    /// The replica's user, the author of its edits.
    let user: UserID
    /// The replica's device, the issuer of its clock readings.
    let device: DeviceID
    /// The device's clock: as it stood before the edit, then as the edit left it.
    var clock: HybridLogicalClock
    /// Milliseconds to add to the laptop's wall clock to get the server's (0 before a handshake).
    let serverOffset: Int64
}
