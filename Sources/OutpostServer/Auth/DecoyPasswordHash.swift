/// A bcrypt hash of nothing in particular, made once on first use: an unknown mobile number is
/// checked against it, so it costs the same time as a wrong password.
actor DecoyPasswordHash {
    private var hash: String?

    /// The decoy hash, made with `hasher`'s cost the first time.
    func value(using hasher: PasswordHasher) async throws -> String {
        if let hash { return hash }
        let made = try await hasher.hash(DeviceToken.make())
        // Another call may have made one meanwhile (actor reentrancy): keep the first.
        if let hash { return hash }
        hash = made
        return made
    }
}
