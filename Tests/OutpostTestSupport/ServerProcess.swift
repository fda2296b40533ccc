import Foundation
import OutpostChildProcess
#if canImport(Glibc)
import Glibc
#endif

/// A real `outpost-server` process, as an operator runs it: started with command-line
/// arguments, found by the port it prints, stopped with SIGTERM.
///
/// The executable is the one built beside the test bundle (`swift build --build-tests`
/// builds both), so the test runs exactly what ships.
public final class ServerProcess: Sendable {
    /// The base URL it listens on.
    public let url: URL
    private let process: ChildProcess
    private let log: URL

    /// Starts `outpost-server` with `arguments` plus `--host 127.0.0.1 --port 0`, and returns
    /// once it prints that it listens.
    /// - Throws: `ProcessFailure` when the executable is missing, `ServerProcessError` when the
    ///   server exits (or says nothing) before listening; the error carries what it printed.
    public static func start(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ServerProcess {
        let log = Self.logFile()
        let process = try ChildProcess.spawn(try BuiltExecutable.url("outpost-server"),
                                             arguments: arguments + ["--host", "127.0.0.1", "--port", "0"],
                                             standardOutput: log, standardError: log)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let printed = Self.read(log)
            if let url = listeningURL(in: printed) { return ServerProcess(url: url, process: process, log: log) }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.send(SIGKILL)
        process.wait()
        let printed = Self.read(log)
        try? FileManager.default.removeItem(at: log)
        throw ServerProcessError.didNotStart(output: printed.isEmpty ? "(nothing within \(timeout))" : printed)
    }

    /// Runs a one-shot `outpost-server` command (such as `backup`) to completion, waiting on a
    /// thread of its own: waiting on one of Swift's cooperative threads (two on two cores)
    /// starves the servers other tests run in this process (a test that ran many admin
    /// commands once took one of them for minutes, and the syncs beside it timed out).
    /// - Returns: what it printed.
    /// - Throws: `ServerProcessError.failed` with its output when it exits with another status than 0.
    @discardableResult
    public static func run(_ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runHere(arguments) }) }.start()
        }
    }

    /// Stops the server gracefully (SIGTERM) and waits for it to exit.
    /// - Returns: its exit status.
    @discardableResult
    public func stop() -> Int32 {
        process.send(SIGTERM)
        defer { try? FileManager.default.removeItem(at: log) }
        return process.wait()
    }

    /// Kills the server at once (SIGKILL: no shutdown, no flush) and waits for it to be gone.
    public func kill9() {
        process.send(SIGKILL)
        process.wait()
        try? FileManager.default.removeItem(at: log)
    }

    // MARK: - Private

    /// Runs `outpost-server` and blocks the calling thread until it exits.
    private static func runHere(_ arguments: [String]) throws -> String {
        let log = Self.logFile()
        defer { try? FileManager.default.removeItem(at: log) }
        let process = try ChildProcess.spawn(try BuiltExecutable.url("outpost-server"), arguments: arguments,
                                             standardOutput: log, standardError: log)
        let status = process.wait()
        let printed = Self.read(log)
        guard status == 0 else {
            throw ServerProcessError.failed(arguments: arguments, status: status, output: printed)
        }
        return printed
    }

    private init(url: URL, process: ChildProcess, log: URL) {
        self.url = url
        self.process = process
        self.log = log
    }

    /// A fresh file for what one server prints (standard output and error together).
    private static func logFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("outpost-server-\(UUID().uuidString).log")
    }

    private static func read(_ log: URL) -> String {
        (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    }

    private static func listeningURL(in output: String) -> URL? {
        guard let range = output.range(of: "listening on http://") else { return nil }
        let address = output[range.upperBound...].prefix { !$0.isWhitespace }
        // The line is written at once; still, wait for the character after the address.
        guard address.endIndex < output.endIndex else { return nil }
        return URL(string: "http://\(address)/")
    }
}

/// Why a server process could not be used.
public enum ServerProcessError: Error, CustomStringConvertible {
    /// The server exited or stayed silent before listening.
    case didNotStart(output: String)
    /// A one-shot command exited with a failure status.
    case failed(arguments: [String], status: Int32, output: String)

    public var description: String {
        switch self {
        case .didNotStart(let output):
            "outpost-server did not start listening. It printed:\n\(output)"
        case let .failed(arguments, status, output):
            "outpost-server \(arguments.joined(separator: " ")) exited with status \(status). It printed:\n\(output)"
        }
    }
}
