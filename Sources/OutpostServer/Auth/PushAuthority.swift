/// On whose say a push is applied, and from where. Every push a laptop sends is its author's;
/// a manager who releases a disabled user's quarantined entries (`QuarantineReview`) applies
/// them with the author's stamps and permissions, past the author's disabled status.
public struct PushAuthority: Sendable, Equatable {
    /// Whose say a push is applied on.
    public enum Kind: Sendable, Equatable {
        /// The author's own push: refused when the author is disabled.
        case author
        /// Entries a manager released from the quarantine.
        case quarantineRelease
    }

    /// Whose say.
    public var kind: Kind
    /// The network address the push came from, stamped on every audit entry it writes
    /// (`client_ip`, DOMAIN §1.14); nil when it did not come over HTTP (a job, a tool).
    public var clientAddress: String?
    /// When the pushing device signed in (server time, ms): its clocks cannot be earlier, so a
    /// lead it creates counts as created no earlier than that when two leads share a mobile
    /// nil when unknown (a fixture token, a job, a tool).
    public var signedInAt: Int64?

    /// The author's own push, from nowhere in particular.
    public static let author = PushAuthority(kind: .author, clientAddress: nil)
    /// Entries a manager released from the quarantine.
    public static let quarantineRelease = PushAuthority(kind: .quarantineRelease, clientAddress: nil)

    /// The author's own push, received from `clientAddress` from a device that signed in at `signedInAt`.
    public static func author(from clientAddress: String, signedInAt: Int64? = nil) -> PushAuthority {
        PushAuthority(kind: .author, clientAddress: clientAddress, signedInAt: signedInAt)
    }
}
