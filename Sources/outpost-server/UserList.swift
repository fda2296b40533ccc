import Foundation
import OutpostServer

/// The users a server accepts, read from a JSON array of `{"userID", "name", "token"}`.
struct UserList: Sendable {
    /// The token lookup the server authenticates with.
    let directory: TokenDirectory
    /// How many users the list holds.
    let count: Int

    /// No fixed tokens: every user signs in with a password.
    static let none = UserList(directory: TokenDirectory([]), count: 0)

    /// Reads and checks the list at `url`: it must decode, hold at least one user, and give
    /// every user a token of their own.
    /// - Throws: `ServerSetupError` saying which of those failed.
    static func load(from url: URL) throws -> UserList {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ServerSetupError.cannotReadUsers(path: url.path, reason: "the file cannot be read")
        }
        let entries: [TokenDirectory.Entry]
        do {
            entries = try JSONDecoder().decode([TokenDirectory.Entry].self, from: data)
        } catch {
            throw ServerSetupError.cannotReadUsers(
                path: url.path, reason: "it is not a JSON array of {\"userID\", \"name\", \"token\"}")
        }
        guard !entries.isEmpty else {
            throw ServerSetupError.cannotReadUsers(path: url.path, reason: "it lists no users (leave --users out and users sign in with their passwords only)")
        }
        if entries.contains(where: { $0.token.isEmpty }) {
            throw ServerSetupError.cannotReadUsers(path: url.path, reason: "a user has an empty token")
        }
        // Two users with one token would make the server guess who is asking.
        if Set(entries.map(\.token)).count != entries.count {
            throw ServerSetupError.cannotReadUsers(path: url.path, reason: "two users share a token")
        }
        return UserList(directory: TokenDirectory(entries), count: entries.count)
    }
}
