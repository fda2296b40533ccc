import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built executables of this package (`swift build --build-tests` builds them beside the tests).
public enum BuiltExecutable {
    /// The path of `name` in the build directory the tests run from.
    /// - Throws: when it was not built, with the command that builds it.
    public static func url(_ name: String) throws -> URL {
        let testBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [testBundle.appendingPathComponent(name), repository.appendingPathComponent(".build/debug/\(name)")]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ProcessFailure("'\(name)' is not built; run `swift build --build-tests` first (looked in \(candidates.map(\.path))).")
        }
        return found
    }
}

/// Why a child process could not be used.
public struct ProcessFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A real `outpost-server` process on a free loopback port, which a test can kill with
/// SIGKILL at any instant and start again on the same database.
public final class ServerProcess: @unchecked Sendable {
    private let process: Process
    /// The server's base URL.
    public let url: URL

    /// Starts `outpost-server --db database --users usersFile --port 0` and waits (at most
    /// 30 s) for the line that says where it listens.
    public init(database: String, usersFile: String) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-server-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process = Process()
        process.executableURL = try BuiltExecutable.url("outpost-server")
        process.arguments = ["--db", database, "--users", usersFile, "--host", "127.0.0.1", "--port", "0"]
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        var found: URL?
        while found == nil, Date() < deadline, process.isRunning {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on "), let end = text[range.upperBound...].firstIndex(of: " ") {
                found = URL(string: String(text[range.upperBound..<end]) + "/")
            } else {
                usleep(20_000)
            }
        }
        try? handle.close()   // the server keeps its own copy of the descriptor
        guard let found else {
            process.terminate()
            throw ProcessFailure("outpost-server did not report a port within 30 s: \((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
        }
        url = found
    }

    /// Kills the server at once (SIGKILL: no shutdown, no flush) and waits for it to be gone.
    public func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the server gracefully.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// Runs `outpost` with `arguments` and kills it with SIGKILL after `delay` seconds if it is
/// still running; returns whether it was killed.
public func runOutpostAndKill(_ arguments: [String], after delay: TimeInterval) throws -> Bool {
    let process = Process()
    process.executableURL = try BuiltExecutable.url("outpost")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(delay)
    while process.isRunning, Date() < deadline { usleep(2_000) }
    let killed = process.isRunning
    if killed { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return killed
}
