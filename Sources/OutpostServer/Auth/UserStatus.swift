/// The values of `user.status` the server acts on.
public enum UserStatus {
    /// A disabled user: no sign-in, handshake or pull; pushes are quarantined.
    public static let disabled = "disabled"
    /// An active user.
    public static let active = "active"
}
