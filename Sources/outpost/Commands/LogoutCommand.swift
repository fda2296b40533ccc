import ArgumentParser
import Foundation
import OutpostReplica

/// `outpost logout`: signs this laptop out. The server ends its session (the token stops
/// working) and the replica forgets the token; its rows and unsent changes stay, and go at the
/// next sync after signing in again with `outpost init --mobile`.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Sign this laptop out; its unsent changes stay until you sign in again.")

    @OptionGroup var replicaOptions: ReplicaOptions

    /// How long `logout` waits for the server before signing out on the laptop alone.
    static let timeoutSeconds: TimeInterval = 10

    func run() async throws {
        let replica = try replicaOptions.openReplica()
        let settings = try replica.settings()
        guard !settings.token.isEmpty else {
            Console.diagnose("This laptop is signed out already; nothing was changed.")
            return
        }
        var reachedServer = true
        do {
            try await HTTPSyncTransport(baseURL: settings.serverURL, token: settings.token, timeout: Self.timeoutSeconds).logout()
        } catch let error as TransportError {
            switch error {
            case .cannotConnect, .timedOut:
                reachedServer = false
            case .server(let problem) where problem.code == .invalidToken:
                break   // the session had ended already (revoked, or a new password)
            case .server, .unexpectedAnswer:
                throw error
            }
        }
        try replica.signOut()
        let pending = try replica.pendingCount()
        print("Signed out \(settings.userID) on this laptop (device \(settings.deviceID)).")
        if !reachedServer {
            Console.diagnose("The server at \(settings.serverURL.absoluteString) was not reached: its session for this device stays valid "
                             + "until an administrator revokes it (`outpost-server devices revoke \(settings.deviceID)`).")
        }
        if pending > 0 {
            Console.diagnose("\(pending) unsent \(pending == 1 ? "change stays" : "changes stay") on this laptop; "
                             + "sign in again with `outpost init --server \(settings.serverURL.absoluteString) --mobile NUMBER` to sync "
                             + (pending == 1 ? "it." : "them."))
        }
    }
}
