import Foundation
import OutpostServer

/// A running sync server the bench talks to over loopback HTTP.
protocol BenchServer: Sendable {
    /// The base URL, `http://127.0.0.1:<port>/`.
    var url: URL { get }
    /// The server's SQLite store (read directly by the correctness check).
    var databasePath: String { get }
    /// How the server runs, for the report ("separate process: <path>" or "in-process").
    var launchDescription: String { get }
    /// Stops the server and waits for it to be gone.
    func stop() async
}

/// Starts servers the way the configuration asks.
struct ServerLauncher: Sendable {
    let launch: ServerLaunch
    let usersFile: URL
    let users: BenchUsers

    /// Finds the `outpost-server` executable: `OUTPOST_SERVER` when set, else next to this
    /// process's executable (`.build/release/` for the bench, `.build/debug/` for tests).
    static func locateServerExecutable() -> URL? {
        if let path = ProcessInfo.processInfo.environment["OUTPOST_SERVER"], FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = me.deletingLastPathComponent()
        // A test bundle on macOS sits in .build/debug/X.xctest/Contents/MacOS/.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("outpost-server")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// Starts a server on a new store at `databasePath`.
    func start(databasePath: String, durability: StoreDurability, logDirectory: URL, label: String) async throws -> any BenchServer {
        switch launch {
        case .inProcess:
            return try await InProcessServer.start(databasePath: databasePath, durability: durability, users: users)
        case .executable(let executable):
            return try await ServerProcess.start(executable: executable, usersFile: usersFile, databasePath: databasePath,
                                                 durability: durability, logDirectory: logDirectory, label: label)
        case .automatic:
            guard let executable = Self.locateServerExecutable() else { throw BenchError.serverExecutableNotFound }
            return try await ServerProcess.start(executable: executable, usersFile: usersFile, databasePath: databasePath,
                                                 durability: durability, logDirectory: logDirectory, label: label)
        }
    }
}
