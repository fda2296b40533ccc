/// The identity the server stamps on what it writes itself: the device of every clock it
/// issues, and the author of writes no person asked for (derived fields, de-dup, ownership
/// events). It appears in nearly every row, so `FieldStamps` stores it in one byte.
extension DeviceID {
    /// The device of every clock the server issues.
    public static let server = DeviceID("server")
}

extension UserID {
    /// The author of writes no person asked for.
    public static let system = UserID("system")
}
