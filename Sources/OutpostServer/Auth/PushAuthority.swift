/// On whose say a push is applied. Every push a laptop sends is its author's; a manager who
/// releases a disabled user's quarantined entries (`QuarantineReview`) applies them with the
/// author's stamps and permissions, past the author's disabled status.
public enum PushAuthority: Sendable {
    /// The author's own push: refused when the author is disabled.
    case author
    /// Entries a manager released from the quarantine.
    case quarantineRelease
}
