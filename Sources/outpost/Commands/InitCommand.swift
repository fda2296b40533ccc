import ArgumentParser
import Foundation
import OutpostCore
import OutpostProtocol
import OutpostReplica

/// `outpost init`: creates (or reopens) the replica and says where it syncs and as whom.
/// Running it again changes the server or token and keeps the device id and the journal; it
/// never hands a replica to another user.
///
/// Two ways in: a token given by an administrator (`--user` and `--token`), checked first with
/// a handshake when the server answers (a refused token, or one of another user, changes
/// nothing; offline, the replica is set up anyway and the first sync checks it); or signing in
/// with a mobile number and password (`--mobile`), which needs the server and gets this
/// laptop's own token (`POST /v1/login`, `auth.md`).
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up this laptop's replica: which server, as whom.",
        discussion: """
            Examples:
              outpost init --server http://127.0.0.1:8080 --mobile 13800000001      (asks for the password)
              outpost init --server http://127.0.0.1:8080 --user u-wang --token wang-demo-token
            """)

    @OptionGroup var replicaOptions: ReplicaOptions

    @Option(help: ArgumentHelp("The sync server's address, for example http://127.0.0.1:8080.", valueName: "url"))
    var server: String

    @Option(help: ArgumentHelp("Your user id, for example u-wang (with --mobile, the server says it).", valueName: "id"))
    var user: String?

    @Option(help: ArgumentHelp("Your access token, from an administrator.", valueName: "token"))
    var token: String?

    @Option(help: ArgumentHelp("Sign in with your mobile number and password instead of a token.", valueName: "number"))
    var mobile: String?

    @Option(help: ArgumentHelp("With --mobile: a file whose first line is your password (else it is asked for, or read from standard input).",
                               valueName: "path"))
    var passwordFile: String?

    func validate() throws {
        guard serverURL != nil else {
            throw ValidationError("'\(server)' is not a server address. Pass one that starts with http:// or https://, for example --server http://127.0.0.1:8080.")
        }
        if let user, user.isEmpty || user.contains(where: \.isWhitespace) {
            throw ValidationError("The user id must be one word without spaces, for example --user u-wang.")
        }
        switch (token, mobile) {
        case (nil, nil):
            throw ValidationError("Pass --user and the --token you were given, or sign in with --mobile NUMBER and your password.")
        case (.some, .some):
            throw ValidationError("Pass either --token or --mobile, not both: a token is one way in, a password the other.")
        case (.some(let token), nil):
            guard !token.isEmpty else { throw ValidationError("The token is empty. Pass the access token you were given with --token.") }
            guard user != nil else { throw ValidationError("With --token, pass your user id too, for example --user u-wang.") }
        case (nil, .some(let mobile)):
            guard !mobile.allSatisfy(\.isWhitespace) else { throw ValidationError("--mobile is empty. Pass the mobile number you sign in with.") }
        }
        if passwordFile != nil, mobile == nil {
            throw ValidationError("--password-file goes with --mobile; a token needs no password.")
        }
    }

    /// How long `init` waits for the server to check the token before going on without.
    static let checkTimeoutSeconds: TimeInterval = 10

    func run() async throws {
        guard let serverURL else { throw ValidationError("'\(server)' is not a server address.") }
        let path = replicaOptions.replica
        let isNew = !FileManager.default.fileExists(atPath: path)
        do {
            try await setUp(serverURL: serverURL)
        } catch {
            // A refused sign-in leaves no half-made replica file behind.
            if isNew {
                for file in [path, path + "-wal", path + "-shm"] { try? FileManager.default.removeItem(atPath: file) }
            }
            throw error
        }
    }

    // MARK: - Private

    /// Creates or reopens the replica, signs in or checks the token, and stores the settings.
    private func setUp(serverURL: URL) async throws {
        let replica = try replicaOptions.createReplica()
        let existing = try? replica.settings()
        if let owner = existing?.userID, let user, owner != UserID(user) {
            throw ReplicaError.belongsToAnotherUser(path: replica.path, owner: owner, requested: UserID(user))
        }
        let device = existing?.deviceID ?? DeviceID(UUID().uuidString.lowercased())
        let signedIn: (user: UserID, token: String)
        if let mobile {
            signedIn = try await signIn(at: serverURL, mobile: mobile, device: device)
            if let owner = existing?.userID, owner != signedIn.user {
                throw ReplicaError.belongsToAnotherUser(path: replica.path, owner: owner, requested: signedIn.user)
            }
        } else if let token, let user {
            try await checkToken(token, of: UserID(user), at: serverURL, device: device, schemaFingerprint: replica.schema.fingerprint)
            signedIn = (UserID(user), token)
        } else {
            throw ValidationError("Pass --user and --token, or --mobile.")
        }
        let settings = try replica.configure(serverURL: serverURL, userID: signedIn.user, token: signedIn.token, deviceID: device)
        print("replica  \(replica.path)")
        print("device   \(settings.deviceID)")
        print("user     \(settings.userID)")
        print("server   \(settings.serverURL.absoluteString)")
        print("Next: add a lead with `outpost lead add --name NAME --mobile NUMBER`, then `outpost sync`.")
    }

    /// Asks the server who the token belongs to (a handshake as `device`).
    /// - Throws: the server's refusal (a wrong or revoked token, a disabled user, a device of
    ///   another user), or a `ValidationError` when the token is another user's.
    private func checkToken(_ token: String, of user: UserID, at serverURL: URL, device: DeviceID, schemaFingerprint: String) async throws {
        let transport = HTTPSyncTransport(baseURL: serverURL, token: token, timeout: Self.checkTimeoutSeconds)
        do {
            let answer = try await transport.handshake(HandshakeRequest(
                supportedVersions: VersionRange(ProtocolVersion.supported), deviceID: device,
                schemaFingerprint: schemaFingerprint, clientTime: WallClock.now()))
            guard answer.userID == user else {
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

    /// Signs this device in with `mobile` and the password, for its own token.
    /// - Throws: the server's refusal (`auth.invalid_credentials`, a disabled user, too many
    ///   tries), `TransportError` when the server cannot be reached, or `ValidationError`
    ///   when it signs in as someone other than `--user`.
    private func signIn(at serverURL: URL, mobile: String, device: DeviceID) async throws -> (user: UserID, token: String) {
        let password = try readPassword()
        let transport = HTTPSyncTransport(baseURL: serverURL, token: "")
        let answer = try await transport.login(LoginRequest(mobile: mobile, password: password, deviceID: device,
                                                            deviceName: ProcessInfo.processInfo.hostName))
        if let user, UserID(user) != answer.userID {
            throw ValidationError("The mobile number \(mobile) signs in as \(answer.userID), not \(user). Leave out --user, or pass your own number.")
        }
        return (answer.userID, answer.token)
    }

    /// The password: the first line of `--password-file`; else asked for without echo on a
    /// terminal, or the first line of standard input.
    private func readPassword() throws -> String {
        let password: String?
        if let passwordFile {
            // A file handle, not String(contentsOfFile:): that fails on a device such as /dev/null.
            guard let handle = FileHandle(forReadingAtPath: passwordFile), let data = try? handle.readToEnd() ?? Data() else {
                throw ValidationError("Cannot read the password file \(passwordFile). Check the path and that you may read it.")
            }
            let text = String(decoding: data, as: UTF8.self)
            password = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
            guard password?.isEmpty == false else {
                throw ValidationError("The password file \(passwordFile) is empty. Write your password on its first line.")
            }
        } else if isatty(STDIN_FILENO) == 1, let typed = getpass("Password: ") {
            password = String(cString: typed)
        } else {
            password = readLine(strippingNewline: true)
        }
        guard let password, !password.isEmpty else {
            throw ValidationError("No password was given. Type it when asked, or pass --password-file PATH.")
        }
        return password
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
