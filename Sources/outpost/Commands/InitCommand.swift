import ArgumentParser
import Foundation
import OutpostCore
import OutpostProtocol
import OutpostReplica

/// `outpost init`: creates (or reopens) the replica and says where it syncs and as whom.
/// Running it again changes the server or token and keeps the device id and the journal; it
/// never hands a replica to another user. When the server answers, the token is checked
/// first (a handshake): a refused token, or one of another user, changes nothing. Offline,
/// the replica is set up anyway and the first sync checks the token.
struct InitCommand: AsyncParsableCommand {
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

    /// How long `init` waits for the server to check the token before going on without.
    static let checkTimeoutSeconds: TimeInterval = 10

    func run() async throws {
        guard let serverURL else { throw ValidationError("'\(server)' is not a server address.") }
        let replica = try replicaOptions.createReplica()
        let existing = try? replica.settings()
        if let owner = existing?.userID, owner != UserID(user) {
            throw ReplicaError.belongsToAnotherUser(path: replica.path, owner: owner, requested: UserID(user))
        }
        let device = existing?.deviceID ?? DeviceID(UUID().uuidString.lowercased())
        try await checkToken(at: serverURL, device: device, schemaFingerprint: replica.schema.fingerprint)
        let settings = try replica.configure(serverURL: serverURL, userID: UserID(user), token: token, deviceID: device)
        print("replica  \(replica.path)")
        print("device   \(settings.deviceID)")
        print("user     \(settings.userID)")
        print("server   \(settings.serverURL.absoluteString)")
        print("Next: add a lead with `outpost lead add --name NAME --mobile NUMBER`, then `outpost sync`.")
    }

    // MARK: - Private

    /// Asks the server who the token belongs to (a handshake as `device`).
    /// - Throws: the server's refusal (a wrong or revoked token, a disabled user, a device of
    ///   another user), or a `ValidationError` when the token is another user's.
    private func checkToken(at serverURL: URL, device: DeviceID, schemaFingerprint: String) async throws {
        let transport = HTTPSyncTransport(baseURL: serverURL, token: token, timeout: Self.checkTimeoutSeconds)
        do {
            let answer = try await transport.handshake(HandshakeRequest(
                supportedVersions: VersionRange(ProtocolVersion.supported), deviceID: device,
                schemaFingerprint: schemaFingerprint, clientTime: WallClock.now()))
            guard answer.userID == UserID(user) else {
                throw ValidationError("This token belongs to \(answer.userID), not \(user). Pass your own user id and token; nothing was changed.")
            }
        } catch let error as TransportError {
            switch error {
            case .cannotConnect(_, let reason):
                Console.diagnose("Could not reach \(serverURL.absoluteString) to check the token (\(reason)); the replica is set up, and `outpost sync` will check it.")
            case .timedOut(_, let seconds):
                Console.diagnose("No answer from \(serverURL.absoluteString) within \(Int(seconds)) s to check the token; the replica is set up, and `outpost sync` will check it.")
            case .server, .unexpectedAnswer:
                throw error
            }
        }
    }

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
