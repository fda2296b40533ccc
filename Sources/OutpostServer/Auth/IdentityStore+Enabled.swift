import OutpostCore

extension IdentityStore {
    /// Refuses a disabled user: every route but push calls it, so a disabled user's
    /// live device token reaches nothing but the quarantine.
    /// - Throws: `ServerError.userDisabled` when the user's row says disabled.
    func requireEnabled(_ user: UserID) async throws {
        if try await status(of: user) == UserStatus.disabled { throw ServerError.userDisabled }
    }
}
