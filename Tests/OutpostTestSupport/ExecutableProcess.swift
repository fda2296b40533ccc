import Foundation
import OutpostChildProcess
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

/// Runs `outpost` with `arguments` and kills it with SIGKILL after `delay` seconds if it is
/// still running; returns whether it was killed. It polls with `Task.sleep`, so it holds none
/// of Swift's cooperative threads (two on two cores) that the servers of other tests need.
public func runOutpostAndKill(_ arguments: [String], after delay: TimeInterval) async throws -> Bool {
    let process = try ChildProcess.spawn(try BuiltExecutable.url("outpost"), arguments: arguments)
    let deadline = Date().addingTimeInterval(delay)
    while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(2)) }
    let killed = process.isRunning
    if killed { process.send(SIGKILL) }
    process.wait()
    return killed
}
