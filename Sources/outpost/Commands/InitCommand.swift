import ArgumentParser
import Foundation
import OutpostCore
import OutpostReplica

/// `outpost init`: creates (or reopens) the replica and says where it syncs and as whom.
/// Running it again changes the server or token and keeps the device id and the journal.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up this laptop's replica: which server, as whom.",
        discussion: "Example: outpost init --server http://127.0.0.1:8080 --user u-wang --token wang-demo-token")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Option(help: ArgumentHelp("The sync server's address, for example http://127.0.0.1:8080.", valueName: "url"))
    var server: String

    @Option(help: ArgumentHelp("Your user id, for example u-wang.", valueName: "id"))
    var user: String

    @Option(help: ArgumentHelp("Your access token.", valueName: "token"))
    var token: String

    func validate() throws {
        guard serverURL != nil else {
            throw ValidationError("'\(server)' is not a server address. Pass one that starts with http:// or https://, for example --server http://127.0.0.1:8080.")
        }
        guard !user.isEmpty, !user.contains(where: \.isWhitespace) else {
            throw ValidationError("The user id must be one word without spaces, for example --user u-wang.")
        }
        guard !token.isEmpty else {
            throw ValidationError("The token is empty. Pass the access token you were given with --token.")
        }
    }

    func run() throws {
        guard let serverURL else { throw ValidationError("'\(server)' is not a server address.") }
        let replica = try replicaOptions.createReplica()
        let settings = try replica.configure(serverURL: serverURL, userID: UserID(user), token: token)
        print("replica  \(replica.path)")
        print("device   \(settings.deviceID)")
        print("user     \(settings.userID)")
        print("server   \(settings.serverURL.absoluteString)")
        print("Next: add a lead with `outpost lead add --name NAME --mobile NUMBER`, then `outpost sync`.")
    }

    // MARK: - Private

    /// The server address with a trailing slash on any path, so the transport's relative
    /// request paths (`v1/push`) land below it instead of replacing its last segment.
    private var serverURL: URL? {
        let lowered = server.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"),
              var components = URLComponents(string: server), let host = components.host, !host.isEmpty,
              components.query == nil, components.fragment == nil else { return nil }
        if !components.path.isEmpty, !components.path.hasSuffix("/") {
            components.path += "/"
        }
        return components.url
    }
}
